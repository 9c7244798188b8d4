// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IWormhole} from "./IWormhole.sol";
import {BridgeMessages} from "./BridgeMessages.sol";

/// @title TaskPortal
/// @notice Where a user on any EVM chain submits a Corex task: the escrow is held here and a TaskSubmitted
/// message goes through Wormhole to the CorexHub. The hub's TaskStatus messages come back as VAAs:
/// statuses only move forward (accepted < running < terminal); `completed` pays the escrow to the
/// feeRecipient, `failed` and `cancelled` refund the submitter; a terminal status is final.
contract TaskPortal is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Wormhole finality for published messages (1: finalized).
    uint8 public constant CONSISTENCY_LEVEL = 1;

    struct Task {
        address submitter;
        uint8 status;
        uint8 verification;
        uint64 updatedAt;
        uint256 escrow;
        bytes32 resultHash;
        bytes32 weightsHash;
    }

    IWormhole public immutable core;
    IERC20 public immutable escrowToken;
    /// @notice This chain's Wormhole chain id (read from the core at deployment).
    uint16 public immutable wormholeChainId;

    uint16 public hubChain;
    bytes32 public hubEmitter;
    address public feeRecipient;
    uint64 public taskNonce;

    mapping(bytes32 taskId => Task) private _tasks;
    mapping(bytes32 vmHash => bool) public consumed;

    event TaskSubmitted(bytes32 indexed taskId, address indexed submitter, uint256 escrow, bytes32 specHash, uint64 sequence);
    event CancelRequested(bytes32 indexed taskId, address indexed submitter);
    event StatusReceived(bytes32 indexed taskId, uint8 status, uint8 verification, bytes32 resultHash, bytes32 weightsHash, bytes32 vmHash);
    event EscrowReleased(bytes32 indexed taskId, address indexed to, uint256 amount);
    event EscrowRefunded(bytes32 indexed taskId, address indexed to, uint256 amount);
    event HubRegistered(uint16 chain, bytes32 emitter);
    event FeeRecipientChanged(address feeRecipient);

    error TaskPortalZeroAddress();
    error TaskPortalSpecSize(uint256 length);
    error TaskPortalZeroEscrow();
    error TaskPortalWrongFee(uint256 expected, uint256 given);
    error TaskPortalNotSubmitter(bytes32 taskId);
    error TaskPortalUnknownTask(bytes32 taskId);
    error TaskPortalTaskFinal(bytes32 taskId);
    error TaskPortalInvalidVaa(string reason);
    error TaskPortalWrongEmitter(uint16 chain, bytes32 emitter);
    error TaskPortalVaaConsumed(bytes32 vmHash);
    error TaskPortalWrongTargetChain(uint16 targetChain);
    error TaskPortalInvalidStatus(uint8 status, uint8 verification);
    error TaskPortalStatusNotForward(bytes32 taskId, uint8 current, uint8 given);

    /// @param core_ the Wormhole core on this chain
    /// @param escrowToken_ the token escrows are paid in (CXT at home, CorexPeerToken elsewhere)
    /// @param admin receives DEFAULT_ADMIN_ROLE (registers the hub, sets the fee recipient)
    /// @param feeRecipient_ receives the escrow of completed tasks
    constructor(IWormhole core_, IERC20 escrowToken_, address admin, address feeRecipient_) {
        if (address(core_) == address(0) || address(escrowToken_) == address(0) || admin == address(0) || feeRecipient_ == address(0)) {
            revert TaskPortalZeroAddress();
        }
        core = core_;
        escrowToken = escrowToken_;
        wormholeChainId = core_.chainId();
        feeRecipient = feeRecipient_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Submits a task: pulls `escrow` tokens, publishes TaskSubmitted. msg.value must be the core's messageFee().
    /// @param spec the UTF-8 JSON job spec (1..4096 bytes)
    /// @return taskId keccak256(abi.encodePacked(wormholeChainId, address(this), taskNonce))
    /// @return sequence the Wormhole sequence of the message
    function submitTask(bytes calldata spec, uint256 escrow) external payable nonReentrant returns (bytes32 taskId, uint64 sequence) {
        if (spec.length == 0 || spec.length > BridgeMessages.MAX_SPEC_BYTES) revert TaskPortalSpecSize(spec.length);
        if (escrow == 0) revert TaskPortalZeroEscrow();
        uint256 fee = core.messageFee();
        if (msg.value != fee) revert TaskPortalWrongFee(fee, msg.value);

        uint64 nonce = taskNonce++;
        taskId = keccak256(abi.encodePacked(wormholeChainId, address(this), nonce));
        _tasks[taskId] = Task({submitter: msg.sender, status: 0, verification: 0, updatedAt: uint64(block.timestamp), escrow: escrow, resultHash: 0, weightsHash: 0});
        bytes32 specHash = keccak256(spec);
        bytes memory payload = BridgeMessages.encodeTaskSubmitted(
            BridgeMessages.TaskSubmitted({
                taskId: taskId,
                submitter: BridgeMessages.toBytes32(msg.sender),
                token: BridgeMessages.toBytes32(address(escrowToken)),
                escrow: escrow,
                specHash: specHash,
                spec: spec
            })
        );

        escrowToken.safeTransferFrom(msg.sender, address(this), escrow);
        sequence = core.publishMessage{value: fee}(0, payload, CONSISTENCY_LEVEL);
        emit TaskSubmitted(taskId, msg.sender, escrow, specHash, sequence);
    }

    /// @notice Asks the network to cancel a task; the bridge carries the request, the refund comes with the `cancelled` status.
    function requestCancel(bytes32 taskId) external {
        Task storage task = _tasks[taskId];
        if (task.submitter != msg.sender) revert TaskPortalNotSubmitter(taskId);
        if (task.status >= BridgeMessages.STATUS_COMPLETED) revert TaskPortalTaskFinal(taskId);
        emit CancelRequested(taskId, msg.sender);
    }

    /// @notice Applies a hub TaskStatus VAA: checks guardians, emitter, target chain and replay, then moves the task forward.
    function receiveStatus(bytes calldata encodedVm) external nonReentrant {
        (IWormhole.VM memory vm, bool valid, string memory reason) = core.parseAndVerifyVM(encodedVm);
        if (!valid) revert TaskPortalInvalidVaa(reason);
        if (vm.emitterChainId != hubChain || vm.emitterAddress != hubEmitter || hubEmitter == 0) revert TaskPortalWrongEmitter(vm.emitterChainId, vm.emitterAddress);
        if (consumed[vm.hash]) revert TaskPortalVaaConsumed(vm.hash);
        BridgeMessages.TaskStatus memory m = BridgeMessages.decodeTaskStatus(vm.payload);
        if (m.targetChain != wormholeChainId) revert TaskPortalWrongTargetChain(m.targetChain);
        Task storage task = _tasks[m.taskId];
        if (task.submitter == address(0)) revert TaskPortalUnknownTask(m.taskId);
        if (m.status < BridgeMessages.STATUS_ACCEPTED || m.status > BridgeMessages.STATUS_CANCELLED || m.verification > BridgeMessages.VERIFICATION_FAILED) {
            revert TaskPortalInvalidStatus(m.status, m.verification);
        }
        if (_rank(m.status) <= _rank(task.status)) revert TaskPortalStatusNotForward(m.taskId, task.status, m.status);

        consumed[vm.hash] = true;
        task.status = m.status;
        task.verification = m.verification;
        task.resultHash = m.resultHash;
        task.weightsHash = m.weightsHash;
        task.updatedAt = uint64(block.timestamp);
        emit StatusReceived(m.taskId, m.status, m.verification, m.resultHash, m.weightsHash, vm.hash);
        if (m.status < BridgeMessages.STATUS_COMPLETED) return;

        bool paid = m.status == BridgeMessages.STATUS_COMPLETED;
        address to = paid ? feeRecipient : task.submitter;
        if (paid) emit EscrowReleased(m.taskId, to, task.escrow);
        else emit EscrowRefunded(m.taskId, to, task.escrow);
        escrowToken.safeTransfer(to, task.escrow);
    }

    /// @notice Registers the CorexHub emitter (Wormhole chain id and universal address).
    function setHub(uint16 chain, bytes32 emitter) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (emitter == 0) revert TaskPortalZeroAddress();
        hubChain = chain;
        hubEmitter = emitter;
        emit HubRegistered(chain, emitter);
    }

    function setFeeRecipient(address feeRecipient_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeRecipient_ == address(0)) revert TaskPortalZeroAddress();
        feeRecipient = feeRecipient_;
        emit FeeRecipientChanged(feeRecipient_);
    }

    /// @notice A task: status 0 is submitted (no status yet); submitter zero means unknown.
    function taskOf(bytes32 taskId) external view returns (Task memory) {
        return _tasks[taskId];
    }

    /// @dev accepted < running < terminal (completed, failed and cancelled rank alike, so a terminal status is final).
    function _rank(uint8 status) private pure returns (uint8) {
        return status >= BridgeMessages.STATUS_COMPLETED ? BridgeMessages.STATUS_COMPLETED : status;
    }
}
