// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IWormhole} from "./IWormhole.sol";
import {BridgeMessages} from "./BridgeMessages.sol";
import {InboundRateLimiter} from "./InboundRateLimiter.sol";

/// @title CorexHub
/// @notice The home chain's end of the bridge. Records each task VAA from a registered TaskPortal once
/// (`receiveTask`), publishes the network's TaskStatus back to the origin chain (`publishStatus`), and
/// holds CXT in lock-and-release against the CorexPeerTokens (and the Solana mint): CXT sent out is locked
/// here; a peer's TokenTransfer VAA releases it (rate-limited, and never more than was sent to that chain).
contract CorexHub is AccessControl, ReentrancyGuard, InboundRateLimiter {
    using SafeERC20 for IERC20;

    /// @notice The bridge service: publishes statuses and sends node rewards.
    bytes32 public constant BRIDGE_ROLE = keccak256("BRIDGE_ROLE");
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    uint8 public constant CONSISTENCY_LEVEL = 1;
    uint16 public constant SOLANA_CHAIN = 1;
    /// @notice The Solana mint has 9 decimals: amounts sent there are multiples of 1e9 wei.
    uint256 public constant SOLANA_UNIT = 1e9;

    IWormhole public immutable core;
    IERC20 public immutable token;
    uint16 public immutable wormholeChainId;

    uint64 public transferNonce;
    /// @notice CXT locked for each chain: sent there and not yet come back.
    mapping(uint16 chain => uint256) public lockedFor;
    mapping(uint16 chain => bytes32) public portalOf;
    mapping(uint16 chain => bytes32) public tokenPeerOf;
    /// @notice The Wormhole chain a received task came from (0: never received).
    mapping(bytes32 taskId => uint16) public taskOrigin;
    mapping(bytes32 vmHash => bool) public consumed;
    mapping(bytes32 transferId => bool) public transferReceived;
    /// @notice Transfers already sent out (by id): a reward's id is the bridge's, so a resent reward is refused.
    mapping(bytes32 transferId => bool) public transferSent;

    event TaskReceived(bytes32 indexed taskId, uint16 indexed originChain, bytes32 submitter, bytes32 token, uint256 escrow, bytes32 specHash, bytes spec, bytes32 vmHash);
    event StatusPublished(bytes32 indexed taskId, uint16 indexed targetChain, uint8 status, uint8 verification, bytes32 resultHash, bytes32 weightsHash, uint64 sequence);
    event TokensSent(bytes32 indexed transferId, uint16 indexed targetChain, bytes32 recipient, uint256 amount, bytes32 indexed nodeId, uint64 sequence);
    event TransferReceived(bytes32 indexed transferId, uint16 indexed sourceChain, address indexed recipient, uint256 amount, bytes32 vmHash);
    event PortalRegistered(uint16 indexed chain, bytes32 emitter);
    event TokenPeerRegistered(uint16 indexed chain, bytes32 emitter);

    error CorexHubZeroAddress();
    error CorexHubZeroAmount();
    error CorexHubWrongFee(uint256 expected, uint256 given);
    error CorexHubInvalidVaa(string reason);
    error CorexHubWrongEmitter(uint16 chain, bytes32 emitter);
    error CorexHubVaaConsumed(bytes32 vmHash);
    error CorexHubTaskKnown(bytes32 taskId);
    error CorexHubSpecHashMismatch(bytes32 taskId);
    error CorexHubUnknownTask(bytes32 taskId, uint16 targetChain);
    error CorexHubInvalidStatus(uint8 status, uint8 verification);
    error CorexHubUnknownChain(uint16 chain);
    error CorexHubSolanaDust(uint256 amount);
    error CorexHubTransferKnown(bytes32 transferId);
    error CorexHubTransferAlreadySent(bytes32 transferId);
    error CorexHubBadTransferId();
    error CorexHubWrongTargetChain(uint16 targetChain);
    error CorexHubBadRecipient(bytes32 recipient);
    error CorexHubExceedsLocked(uint16 chain, uint256 locked, uint256 amount);

    /// @param admin receives DEFAULT_ADMIN_ROLE (registers peers) and PARAMETER_ROLE (rate limits)
    /// @param bridge receives BRIDGE_ROLE
    constructor(IWormhole core_, IERC20 token_, address admin, address bridge, uint256 dailyCap_, uint256 largeTransferThreshold_, uint64 largeTransferDelay_) {
        if (address(core_) == address(0) || address(token_) == address(0) || admin == address(0) || bridge == address(0)) revert CorexHubZeroAddress();
        core = core_;
        token = token_;
        wormholeChainId = core_.chainId();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, admin);
        _grantRole(BRIDGE_ROLE, bridge);
        _setRateLimits(dailyCap_, largeTransferThreshold_, largeTransferDelay_);
    }

    /// @notice Records a TaskPortal's TaskSubmitted VAA: the task entered the network, once.
    function receiveTask(bytes calldata encodedVm) external {
        IWormhole.VM memory vm = _verified(encodedVm, portalOf);
        BridgeMessages.TaskSubmitted memory m = BridgeMessages.decodeTaskSubmitted(vm.payload);
        if (taskOrigin[m.taskId] != 0) revert CorexHubTaskKnown(m.taskId);
        if (keccak256(m.spec) != m.specHash) revert CorexHubSpecHashMismatch(m.taskId);

        consumed[vm.hash] = true;
        taskOrigin[m.taskId] = vm.emitterChainId;
        emit TaskReceived(m.taskId, vm.emitterChainId, m.submitter, m.token, m.escrow, m.specHash, m.spec, vm.hash);
    }

    /// @notice Publishes a received task's status to its origin chain's portal. msg.value: the core's messageFee().
    function publishStatus(uint16 targetChain, bytes32 taskId, uint8 status, uint8 verification, bytes32 resultHash, bytes32 weightsHash)
        external
        payable
        onlyRole(BRIDGE_ROLE)
        returns (uint64 sequence)
    {
        if (taskOrigin[taskId] != targetChain || targetChain == 0) revert CorexHubUnknownTask(taskId, targetChain);
        if (status < BridgeMessages.STATUS_ACCEPTED || status > BridgeMessages.STATUS_CANCELLED || verification > BridgeMessages.VERIFICATION_FAILED) {
            revert CorexHubInvalidStatus(status, verification);
        }
        bytes memory payload = BridgeMessages.encodeTaskStatus(
            BridgeMessages.TaskStatus({targetChain: targetChain, taskId: taskId, status: status, verification: verification, resultHash: resultHash, weightsHash: weightsHash})
        );
        sequence = _publish(payload);
        emit StatusPublished(taskId, targetChain, status, verification, resultHash, weightsHash, sequence);
    }

    /// @notice Sends a node's reward: pulls `amount` CXT from the bridge (which holds it for the node), locks it, publishes a TokenTransfer.
    /// @param transferId the bridge's own deterministic id of this reward; an id already sent reverts, so a bridge
    /// that crashed after sending and sends again pays once
    function bridgeReward(bytes32 transferId, bytes32 nodeId, uint256 amount, uint16 targetChain, bytes32 recipient)
        external
        payable
        onlyRole(BRIDGE_ROLE)
        nonReentrant
        returns (uint64 sequence)
    {
        if (transferId == 0) revert CorexHubBadTransferId();
        return _send(transferId, nodeId, amount, targetChain, recipient);
    }

    /// @notice Sends the caller's CXT to `recipient` on `targetChain` (lock here, mint there).
    function sendTokens(uint16 targetChain, bytes32 recipient, uint256 amount) external payable nonReentrant returns (bytes32 transferId, uint64 sequence) {
        transferId = keccak256(abi.encodePacked(wormholeChainId, address(this), transferNonce++));
        sequence = _send(transferId, 0, amount, targetChain, recipient);
    }

    /// @notice Releases CXT for a peer token's TokenTransfer VAA (rate-limited; at most what is locked for that chain).
    /// @return wasQueued true when the transfer waits in the queue (see releaseQueued)
    function receiveTransfer(bytes calldata encodedVm) external nonReentrant returns (bool wasQueued) {
        IWormhole.VM memory vm = _verified(encodedVm, tokenPeerOf);
        BridgeMessages.TokenTransfer memory m = BridgeMessages.decodeTokenTransfer(vm.payload);
        if (m.targetChain != wormholeChainId) revert CorexHubWrongTargetChain(m.targetChain);
        if (transferReceived[m.transferId]) revert CorexHubTransferKnown(m.transferId);
        if (uint256(m.recipient) >> 160 != 0 || m.recipient == 0) revert CorexHubBadRecipient(m.recipient);
        if (m.amount == 0) revert CorexHubZeroAmount();
        uint256 locked = lockedFor[vm.emitterChainId];
        if (m.amount > locked) revert CorexHubExceedsLocked(vm.emitterChainId, locked, m.amount);

        consumed[vm.hash] = true;
        transferReceived[m.transferId] = true;
        lockedFor[vm.emitterChainId] = locked - m.amount;
        address recipient = address(uint160(uint256(m.recipient)));
        emit TransferReceived(m.transferId, vm.emitterChainId, recipient, m.amount, vm.hash);
        return _deliverOrQueue(m.transferId, recipient, m.amount);
    }

    /// @notice Registers the TaskPortal emitter of a chain (tasks come from it).
    function setPortal(uint16 chain, bytes32 emitter) external onlyRole(DEFAULT_ADMIN_ROLE) {
        portalOf[chain] = emitter;
        emit PortalRegistered(chain, emitter);
    }

    /// @notice Registers the token peer of a chain (its CorexPeerToken; for Solana, the bridge's emitter): CXT may be sent there.
    function setTokenPeer(uint16 chain, bytes32 emitter) external onlyRole(DEFAULT_ADMIN_ROLE) {
        tokenPeerOf[chain] = emitter;
        emit TokenPeerRegistered(chain, emitter);
    }

    /// @notice Sets the inbound limits: per rolling 24 h cap, large-transfer threshold and delay (seconds).
    function setRateLimits(uint256 dailyCap_, uint256 threshold, uint64 delay) external onlyRole(PARAMETER_ROLE) {
        _setRateLimits(dailyCap_, threshold, delay);
    }

    function _send(bytes32 transferId, bytes32 nodeId, uint256 amount, uint16 targetChain, bytes32 recipient) private returns (uint64 sequence) {
        if (transferSent[transferId]) revert CorexHubTransferAlreadySent(transferId);
        if (amount == 0) revert CorexHubZeroAmount();
        if (recipient == 0) revert CorexHubBadRecipient(recipient);
        if (tokenPeerOf[targetChain] == 0 || targetChain == wormholeChainId) revert CorexHubUnknownChain(targetChain);
        if (targetChain == SOLANA_CHAIN && amount % SOLANA_UNIT != 0) revert CorexHubSolanaDust(amount);

        transferSent[transferId] = true;
        lockedFor[targetChain] += amount;
        bytes memory payload = BridgeMessages.encodeTokenTransfer(
            BridgeMessages.TokenTransfer({transferId: transferId, targetChain: targetChain, recipient: recipient, amount: amount, nodeId: nodeId})
        );
        token.safeTransferFrom(msg.sender, address(this), amount);
        sequence = _publish(payload);
        emit TokensSent(transferId, targetChain, recipient, amount, nodeId, sequence);
    }

    function _publish(bytes memory payload) private returns (uint64) {
        uint256 fee = core.messageFee();
        if (msg.value != fee) revert CorexHubWrongFee(fee, msg.value);
        return core.publishMessage{value: fee}(0, payload, CONSISTENCY_LEVEL);
    }

    /// @dev Guardians' verdict, then the emitter must be the chain's registered peer in `peers`, then the VAA must be new.
    function _verified(bytes calldata encodedVm, mapping(uint16 => bytes32) storage peers) private view returns (IWormhole.VM memory vm) {
        bool valid;
        string memory reason;
        (vm, valid, reason) = core.parseAndVerifyVM(encodedVm);
        if (!valid) revert CorexHubInvalidVaa(reason);
        bytes32 peer = peers[vm.emitterChainId];
        if (peer == 0 || vm.emitterAddress != peer) revert CorexHubWrongEmitter(vm.emitterChainId, vm.emitterAddress);
        if (consumed[vm.hash]) revert CorexHubVaaConsumed(vm.hash);
    }

    function _deliver(address recipient, uint256 amount) internal override {
        token.safeTransfer(recipient, amount);
    }
}
