// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MiningPool
/// @notice Accounts deposit CXT that funds their jobs; each epoch the settler posts the Merkle root of
/// every node's cumulative earnings, and anyone may pay a node what its latest leaf adds to what it
/// was already paid. Leaves are OpenZeppelin standard-tree leaves of
/// `(bytes32 nodeId, address payout, uint256 cumulativeEarned)`:
/// `keccak256(bytes.concat(keccak256(abi.encode(nodeId, payout, cumulativeEarned))))`.
/// @dev Σ paid ≤ totalCumulative of the latest root ≤ Σ deposited − Σ refunded, so the pool never
/// owes more than it holds; a node is paid `cumulative − paid[nodeId]`, so nothing is paid twice.
contract MiningPool is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Held by the governance timelock: sets epochLength.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice The settlement service: posts reward roots and refunds unspent deposits.
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    bytes32 private constant _EPOCH_LENGTH = "epochLength";

    IERC20 public immutable token;
    /// @notice Epoch length in seconds, read by the settlement service.
    uint256 public epochLength;
    /// @notice The last epoch whose root was posted (0 before the first).
    uint64 public currentEpoch;
    /// @notice The latest reward root; claims are proven against it.
    bytes32 public currentRoot;
    /// @notice Σ cumulative earnings in the latest root.
    uint256 public totalCumulative;
    uint256 public totalDeposited;
    uint256 public totalRefunded;
    uint256 public totalPaid;

    mapping(uint64 epoch => bytes32) public rootOf;
    mapping(bytes32 accountId => uint256) public depositOf;
    mapping(bytes32 nodeId => uint256) public paidOf;

    event Deposited(bytes32 indexed accountId, address indexed from, uint256 amount);
    event Refunded(bytes32 indexed accountId, address indexed to, uint256 amount);
    event RootPosted(uint64 indexed epoch, bytes32 root, uint256 totalCumulative);
    event RewardPaid(bytes32 indexed nodeId, address indexed payout, uint256 amount, uint256 cumulative);
    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    error MiningPoolZeroAmount();
    error MiningPoolZeroAddress();
    error MiningPoolEpochOutOfOrder(uint64 expected, uint64 given);
    error MiningPoolCumulativeDecreased(uint256 previous, uint256 given);
    error MiningPoolUnderfunded(uint256 funded, uint256 totalCumulative);
    error MiningPoolRefundExceedsDeposit(bytes32 accountId, uint256 deposit, uint256 requested);
    error MiningPoolRefundExceedsUnallocated(uint256 unallocated, uint256 requested);
    error MiningPoolInvalidProof(bytes32 nodeId);
    error MiningPoolNothingToClaim(bytes32 nodeId, uint256 cumulative, uint256 paid);
    error MiningPoolExceedsTotal(uint256 totalCumulative, uint256 paidAfter);
    error MiningPoolLengthMismatch();
    error MiningPoolInvalidParameter(bytes32 name, uint256 value);

    /// @param token_ the CXT token
    /// @param admin receives DEFAULT_ADMIN_ROLE (the deployment hands it to the timelock)
    /// @param parameterAdmin receives PARAMETER_ROLE (the governance timelock)
    /// @param epochLength_ epoch length in seconds (> 0)
    constructor(IERC20 token_, address admin, address parameterAdmin, uint256 epochLength_) {
        if (address(token_) == address(0) || admin == address(0) || parameterAdmin == address(0)) revert MiningPoolZeroAddress();
        if (epochLength_ == 0) revert MiningPoolInvalidParameter(_EPOCH_LENGTH, epochLength_);
        token = token_;
        epochLength = epochLength_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, parameterAdmin);
    }

    /// @notice Deposits `amount` CXT (pulled with transferFrom) to fund the jobs of `accountId`.
    /// @param accountId the account (keccak256 of its id string, see accountIdToBytes32)
    function deposit(bytes32 accountId, uint256 amount) external nonReentrant {
        if (amount == 0) revert MiningPoolZeroAmount();
        depositOf[accountId] += amount;
        totalDeposited += amount;
        emit Deposited(accountId, msg.sender, amount);

        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Sends unspent deposit of `accountId` back to `to`. Only funds no posted root has allocated may leave.
    function refund(bytes32 accountId, address to, uint256 amount) external onlyRole(SETTLER_ROLE) nonReentrant {
        if (amount == 0) revert MiningPoolZeroAmount();
        if (to == address(0)) revert MiningPoolZeroAddress();
        uint256 balance = depositOf[accountId];
        if (amount > balance) revert MiningPoolRefundExceedsDeposit(accountId, balance, amount);
        uint256 unallocated = _funded() - totalCumulative;
        if (amount > unallocated) revert MiningPoolRefundExceedsUnallocated(unallocated, amount);

        depositOf[accountId] = balance - amount;
        totalRefunded += amount;
        emit Refunded(accountId, to, amount);

        token.safeTransfer(to, amount);
    }

    /// @notice Posts the reward root of `epoch`, which must be the one after currentEpoch.
    /// @param root the standard-tree root over every node's (nodeId, payout, cumulativeEarned)
    /// @param totalCumulative_ Σ cumulativeEarned over the tree; never decreases and never exceeds the net deposits
    function postRoot(uint64 epoch, bytes32 root, uint256 totalCumulative_) external onlyRole(SETTLER_ROLE) {
        if (epoch != currentEpoch + 1) revert MiningPoolEpochOutOfOrder(currentEpoch + 1, epoch);
        if (totalCumulative_ < totalCumulative) revert MiningPoolCumulativeDecreased(totalCumulative, totalCumulative_);
        uint256 funded = _funded();
        if (totalCumulative_ > funded) revert MiningPoolUnderfunded(funded, totalCumulative_);

        currentEpoch = epoch;
        currentRoot = root;
        totalCumulative = totalCumulative_;
        rootOf[epoch] = root;
        emit RootPosted(epoch, root, totalCumulative_);
    }

    /// @notice Pays the caller, as the node's payout address, what the latest root adds to what was paid.
    /// @param cumulative the node's cumulativeEarned in the latest root
    /// @param proof the standard-tree proof of the leaf (nodeId, msg.sender, cumulative)
    function claim(bytes32 nodeId, uint256 cumulative, bytes32[] calldata proof) external nonReentrant {
        _pay(nodeId, msg.sender, cumulative, proof, true);
    }

    /// @notice Pays `payout` for the node, called by anyone (a relayer); the funds go to the payout address in the leaf.
    function claimFor(bytes32 nodeId, address payout, uint256 cumulative, bytes32[] calldata proof) external nonReentrant {
        _pay(nodeId, payout, cumulative, proof, true);
    }

    /// @notice Batch of claimFor; a node with nothing new to claim is skipped, an invalid proof reverts the batch.
    function claimForMany(
        bytes32[] calldata nodeIds,
        address[] calldata payouts,
        uint256[] calldata cumulatives,
        bytes32[][] calldata proofs
    ) external nonReentrant {
        uint256 n = nodeIds.length;
        if (payouts.length != n || cumulatives.length != n || proofs.length != n) revert MiningPoolLengthMismatch();
        for (uint256 i = 0; i < n; ++i) {
            _pay(nodeIds[i], payouts[i], cumulatives[i], proofs[i], false);
        }
    }

    /// @notice Sets the epoch length in seconds (> 0).
    function setEpochLength(uint256 value) external onlyRole(PARAMETER_ROLE) {
        if (value == 0) revert MiningPoolInvalidParameter(_EPOCH_LENGTH, value);
        emit ParameterChanged(_EPOCH_LENGTH, epochLength, value);
        epochLength = value;
    }

    /// @notice What a claim with this leaf would pay now (0 if the proof does not hold against the latest root).
    function claimable(bytes32 nodeId, address payout, uint256 cumulative, bytes32[] calldata proof) external view returns (uint256) {
        if (!MerkleProof.verifyCalldata(proof, currentRoot, leafOf(nodeId, payout, cumulative))) return 0;
        uint256 paid = paidOf[nodeId];
        return cumulative > paid ? cumulative - paid : 0;
    }

    /// @notice The standard-tree leaf of (nodeId, payout, cumulative).
    function leafOf(bytes32 nodeId, address payout, uint256 cumulative) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(nodeId, payout, cumulative))));
    }

    function _pay(bytes32 nodeId, address payout, uint256 cumulative, bytes32[] calldata proof, bool strict) private {
        if (!MerkleProof.verifyCalldata(proof, currentRoot, leafOf(nodeId, payout, cumulative))) revert MiningPoolInvalidProof(nodeId);
        uint256 paid = paidOf[nodeId];
        if (cumulative <= paid) {
            if (strict) revert MiningPoolNothingToClaim(nodeId, cumulative, paid);
            return;
        }
        uint256 amount = cumulative - paid;
        uint256 paidAfter = totalPaid + amount;
        if (paidAfter > totalCumulative) revert MiningPoolExceedsTotal(totalCumulative, paidAfter);
        paidOf[nodeId] = cumulative;
        totalPaid = paidAfter;
        emit RewardPaid(nodeId, payout, amount, cumulative);

        token.safeTransfer(payout, amount);
    }

    function _funded() private view returns (uint256) {
        return totalDeposited - totalRefunded;
    }
}
