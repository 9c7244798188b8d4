// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title StakingPool
/// @notice CXT staked for compute nodes. Active stake buys a scheduling boost on a published
/// square-root curve, verifier rights above a threshold, and governance votes (this contract is
/// the Governor's IVotes: one vote per wei of active stake, counted for the staker). Unstaking
/// goes through a cooldown; slashed stake goes to the treasury.
/// @dev Boost (basis points, 10000 = 1x), with s = active stake, m = minStake, M = maxBoostStake:
///   s < m: 10000;  s >= M: 30000;  otherwise 11000 + floor(19000 * sqrt((s - m) / (M - m))).
contract StakingPool is AccessControl, ReentrancyGuard, Votes {
    using SafeERC20 for IERC20;

    /// @notice Held by the governance timelock: sets minStake, maxBoostStake, verifierThreshold, unstakeCooldown, maxSlashBps, treasury.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice May slash a node's stake to the treasury.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice The staking service, which checks the node's signature off-chain before binding a payout address.
    bytes32 public constant BINDER_ROLE = keccak256("BINDER_ROLE");

    uint256 public constant BASE_BOOST_BPS = 10_000;
    uint256 public constant MIN_BOOST_BPS = 11_000;
    uint256 public constant MAX_BOOST_BPS = 30_000;
    uint256 public constant MAX_UNSTAKE_COOLDOWN = 90 days;
    uint256 public constant BPS = 10_000;

    bytes32 private constant _MIN_STAKE = "minStake";
    bytes32 private constant _MAX_BOOST_STAKE = "maxBoostStake";
    bytes32 private constant _VERIFIER_THRESHOLD = "verifierThreshold";
    bytes32 private constant _UNSTAKE_COOLDOWN = "unstakeCooldown";
    bytes32 private constant _MAX_SLASH_BPS = "maxSlashBps";
    bytes32 private constant _TREASURY = "treasury";

    /// @notice One node's stake. `pending` waits out the cooldown until `unlockAt` and no longer counts.
    struct NodeStake {
        address staker;
        address payout;
        uint256 active;
        uint256 pending;
        uint64 unlockAt;
    }

    /// @notice Constructor parameters (all later settable by governance).
    struct Parameters {
        uint256 minStake;
        uint256 maxBoostStake;
        uint256 verifierThreshold;
        uint256 unstakeCooldown;
        uint256 maxSlashBps;
    }

    IERC20 public immutable token;
    uint256 public minStake;
    uint256 public maxBoostStake;
    uint256 public verifierThreshold;
    uint256 public unstakeCooldown;
    /// @notice The largest share of a node's stake (active + pending) that one slash may take, in basis points.
    uint256 public maxSlashBps;
    address public treasury;
    uint256 public totalActive;
    uint256 public totalPending;

    mapping(bytes32 nodeId => NodeStake) private _nodes;
    mapping(address staker => uint256) private _activeByStaker;

    event Staked(bytes32 indexed nodeId, address indexed staker, uint256 amount, uint256 active);
    event UnstakeRequested(bytes32 indexed nodeId, address indexed staker, uint256 amount, uint256 pending, uint64 unlockAt);
    event Withdrawn(bytes32 indexed nodeId, address indexed staker, uint256 amount);
    event Slashed(bytes32 indexed nodeId, uint256 amount, bytes32 evidenceHash, address treasury);
    event PayoutBound(bytes32 indexed nodeId, address indexed payout, bytes32 proofHash);
    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    error StakingPoolZeroAmount();
    error StakingPoolZeroAddress();
    error StakingPoolNotStaker(bytes32 nodeId, address staker);
    error StakingPoolInsufficientStake(bytes32 nodeId, uint256 active, uint256 requested);
    error StakingPoolNothingToWithdraw(bytes32 nodeId);
    error StakingPoolCooldownActive(bytes32 nodeId, uint64 unlockAt);
    error StakingPoolSlashExceedsStake(bytes32 nodeId, uint256 staked, uint256 requested);
    error StakingPoolSlashAboveCap(bytes32 nodeId, uint256 cap, uint256 requested);
    error StakingPoolInvalidParameter(bytes32 name, uint256 value);

    /// @param token_ the CXT token
    /// @param admin receives DEFAULT_ADMIN_ROLE (grants the operator roles; the deployment hands it to the timelock)
    /// @param parameterAdmin receives PARAMETER_ROLE (the governance timelock)
    /// @param treasury_ receives slashed stake
    /// @param params_ minStake, maxBoostStake, verifierThreshold, unstakeCooldown (seconds), maxSlashBps
    constructor(
        IERC20 token_,
        address admin,
        address parameterAdmin,
        address treasury_,
        Parameters memory params_
    ) EIP712("CorexStakingPool", "1") {
        if (address(token_) == address(0) || admin == address(0) || parameterAdmin == address(0) || treasury_ == address(0)) {
            revert StakingPoolZeroAddress();
        }
        if (params_.minStake == 0) revert StakingPoolInvalidParameter(_MIN_STAKE, params_.minStake);
        if (params_.maxBoostStake <= params_.minStake) revert StakingPoolInvalidParameter(_MAX_BOOST_STAKE, params_.maxBoostStake);
        if (params_.verifierThreshold == 0) revert StakingPoolInvalidParameter(_VERIFIER_THRESHOLD, params_.verifierThreshold);
        if (params_.unstakeCooldown > MAX_UNSTAKE_COOLDOWN) revert StakingPoolInvalidParameter(_UNSTAKE_COOLDOWN, params_.unstakeCooldown);
        if (params_.maxSlashBps == 0 || params_.maxSlashBps > BPS) revert StakingPoolInvalidParameter(_MAX_SLASH_BPS, params_.maxSlashBps);
        token = token_;
        treasury = treasury_;
        minStake = params_.minStake;
        maxBoostStake = params_.maxBoostStake;
        verifierThreshold = params_.verifierThreshold;
        unstakeCooldown = params_.unstakeCooldown;
        maxSlashBps = params_.maxSlashBps;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, parameterAdmin);
    }

    // ---------------------------------------------------------------- staking

    /// @notice Stakes `amount` CXT (pulled with transferFrom) for `nodeId`. The first staker of a node
    /// becomes its staker; only it may add stake or unstake later. A staker without a delegate is
    /// self-delegated, so its stake votes at once.
    /// @param nodeId the node (keccak256 of its id string, see nodeIdToBytes32)
    /// @param amount CXT in wei
    function stake(bytes32 nodeId, uint256 amount) external nonReentrant {
        if (amount == 0) revert StakingPoolZeroAmount();
        NodeStake storage node = _nodes[nodeId];
        if (node.staker == address(0)) node.staker = msg.sender;
        else if (node.staker != msg.sender) revert StakingPoolNotStaker(nodeId, node.staker);

        if (delegates(msg.sender) == address(0)) _delegate(msg.sender, msg.sender);
        node.active += amount;
        totalActive += amount;
        _activeByStaker[msg.sender] += amount;
        _transferVotingUnits(address(0), msg.sender, amount);
        emit Staked(nodeId, msg.sender, amount, node.active);

        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Moves `amount` of the node's active stake to pending: it stops counting for boost,
    /// verifier rights and votes at once, and can be withdrawn after `unstakeCooldown`. The cooldown
    /// restarts for the whole pending amount.
    function requestUnstake(bytes32 nodeId, uint256 amount) external {
        if (amount == 0) revert StakingPoolZeroAmount();
        NodeStake storage node = _nodes[nodeId];
        if (node.staker != msg.sender) revert StakingPoolNotStaker(nodeId, node.staker);
        if (amount > node.active) revert StakingPoolInsufficientStake(nodeId, node.active, amount);

        node.active -= amount;
        node.pending += amount;
        node.unlockAt = uint64(block.timestamp + unstakeCooldown);
        totalActive -= amount;
        totalPending += amount;
        _activeByStaker[msg.sender] -= amount;
        _transferVotingUnits(msg.sender, address(0), amount);
        emit UnstakeRequested(nodeId, msg.sender, amount, node.pending, node.unlockAt);
    }

    /// @notice Pays the node's whole pending stake back to its staker once the cooldown is over.
    function withdraw(bytes32 nodeId) external nonReentrant {
        NodeStake storage node = _nodes[nodeId];
        if (node.staker != msg.sender) revert StakingPoolNotStaker(nodeId, node.staker);
        uint256 amount = node.pending;
        if (amount == 0) revert StakingPoolNothingToWithdraw(nodeId);
        if (block.timestamp < node.unlockAt) revert StakingPoolCooldownActive(nodeId, node.unlockAt);

        node.pending = 0;
        totalPending -= amount;
        emit Withdrawn(nodeId, msg.sender, amount);

        token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- operators

    /// @notice Takes `amount` from the node's active stake, then from its pending stake, and sends it to the treasury.
    /// At most maxSlashBps of the node's stake goes in one slash.
    /// @param evidenceHash hash of the off-chain evidence (kept in the event for audit)
    function slash(bytes32 nodeId, uint256 amount, bytes32 evidenceHash) external onlyRole(SLASHER_ROLE) nonReentrant {
        if (amount == 0) revert StakingPoolZeroAmount();
        NodeStake storage node = _nodes[nodeId];
        uint256 staked = node.active + node.pending;
        if (amount > staked) revert StakingPoolSlashExceedsStake(nodeId, staked, amount);
        uint256 cap = Math.mulDiv(staked, maxSlashBps, BPS);
        if (amount > cap) revert StakingPoolSlashAboveCap(nodeId, cap, amount);

        uint256 fromActive = Math.min(amount, node.active);
        uint256 fromPending = amount - fromActive;
        node.active -= fromActive;
        node.pending -= fromPending;
        totalActive -= fromActive;
        totalPending -= fromPending;
        if (fromActive > 0) {
            _activeByStaker[node.staker] -= fromActive;
            _transferVotingUnits(node.staker, address(0), fromActive);
        }
        address to = treasury;
        emit Slashed(nodeId, amount, evidenceHash, to);

        token.safeTransfer(to, amount);
    }

    /// @notice Records the address that receives the node's mining rewards. The caller (the staking
    /// service) has checked off-chain that the node's ed25519 key signed this binding.
    /// @param proofHash hash of the signed binding, for audit
    function bindPayout(bytes32 nodeId, address payout, bytes32 proofHash) external onlyRole(BINDER_ROLE) {
        if (payout == address(0)) revert StakingPoolZeroAddress();
        _nodes[nodeId].payout = payout;
        emit PayoutBound(nodeId, payout, proofHash);
    }

    // ---------------------------------------------------------------- governance parameters

    /// @notice Sets the stake at which the boost starts (1.1x). Must stay below maxBoostStake.
    function setMinStake(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value == 0 || value >= maxBoostStake) revert StakingPoolInvalidParameter(_MIN_STAKE, value);
        emit ParameterChanged(_MIN_STAKE, minStake, value);
        minStake = value;
    }

    /// @notice Sets the stake at which the boost reaches its cap (3x). Must stay above minStake.
    function setMaxBoostStake(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value <= minStake) revert StakingPoolInvalidParameter(_MAX_BOOST_STAKE, value);
        emit ParameterChanged(_MAX_BOOST_STAKE, maxBoostStake, value);
        maxBoostStake = value;
    }

    /// @notice Sets the active stake from which a node qualifies as a verifier.
    function setVerifierThreshold(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value == 0) revert StakingPoolInvalidParameter(_VERIFIER_THRESHOLD, value);
        emit ParameterChanged(_VERIFIER_THRESHOLD, verifierThreshold, value);
        verifierThreshold = value;
    }

    /// @notice Sets the unstake cooldown in seconds (at most MAX_UNSTAKE_COOLDOWN); applies to later requests.
    function setUnstakeCooldown(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value > MAX_UNSTAKE_COOLDOWN) revert StakingPoolInvalidParameter(_UNSTAKE_COOLDOWN, value);
        emit ParameterChanged(_UNSTAKE_COOLDOWN, unstakeCooldown, value);
        unstakeCooldown = value;
    }

    /// @notice Sets the largest share of a node's stake one slash may take, in basis points (1..10000).
    function setMaxSlashBps(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value == 0 || value > BPS) revert StakingPoolInvalidParameter(_MAX_SLASH_BPS, value);
        emit ParameterChanged(_MAX_SLASH_BPS, maxSlashBps, value);
        maxSlashBps = value;
    }

    /// @notice Sets the address that receives slashed stake.
    function setTreasury(address value) external onlyRole(PARAMETER_ROLE) {
        if (value == address(0)) revert StakingPoolZeroAddress();
        emit ParameterChanged(_TREASURY, uint256(uint160(treasury)), uint256(uint160(value)));
        treasury = value;
    }

    // ---------------------------------------------------------------- views

    /// @notice The node's active stake (what counts for boost, verifier rights and votes).
    function stakeOf(bytes32 nodeId) external view returns (uint256) {
        return _nodes[nodeId].active;
    }

    /// @notice Everything recorded for the node: staker, payout, active and pending stake, unlock time.
    function nodeStake(bytes32 nodeId) external view returns (NodeStake memory) {
        return _nodes[nodeId];
    }

    /// @notice The node's payout address, or zero if none is bound.
    function payoutOf(bytes32 nodeId) external view returns (address) {
        return _nodes[nodeId].payout;
    }

    /// @notice The node's scheduling boost in basis points (10000 = 1x), on the curve in the contract's NatSpec.
    function boostOf(bytes32 nodeId) external view returns (uint256) {
        return boostFor(_nodes[nodeId].active);
    }

    /// @notice The boost that `activeStake` would earn under the current parameters.
    function boostFor(uint256 activeStake) public view returns (uint256) {
        uint256 lo = minStake;
        uint256 hi = maxBoostStake;
        if (activeStake < lo) return BASE_BOOST_BPS;
        if (activeStake >= hi) return MAX_BOOST_BPS;
        uint256 rootFraction = Math.sqrt(Math.mulDiv(activeStake - lo, 1e36, hi - lo)); // sqrt(fraction) * 1e18
        return MIN_BOOST_BPS + Math.mulDiv(MAX_BOOST_BPS - MIN_BOOST_BPS, rootFraction, 1e18);
    }

    /// @notice Whether the node's active stake reaches verifierThreshold.
    function isVerifier(bytes32 nodeId) external view returns (bool) {
        return _nodes[nodeId].active >= verifierThreshold;
    }

    /// @notice The total active stake of `staker` over all its nodes (its voting units).
    function activeStakeOfStaker(address staker) external view returns (uint256) {
        return _activeByStaker[staker];
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _activeByStaker[account];
    }
}
