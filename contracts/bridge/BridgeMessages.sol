// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title BridgeMessages
/// @notice The three Corex payloads carried in Wormhole VAAs, big-endian and packed (`abi.encodePacked` order),
/// each starting with `type u8 · version u8` (version 1):
/// - TaskSubmitted (1): `taskId bytes32 · submitter bytes32 · token bytes32 · escrow u256 · specHash bytes32 · spec bytes (rest)`
/// - TaskStatus (2): `targetChain u16 · taskId bytes32 · status u8 · verification u8 · resultHash bytes32 · weightsHash bytes32`
/// - TokenTransfer (3): `transferId bytes32 · targetChain u16 · recipient bytes32 · amount u256 · nodeId bytes32`
/// @dev Decoders take the core's `vm.payload` (memory) and refuse a wrong type, version or length.
library BridgeMessages {
    uint8 internal constant VERSION = 1;
    uint8 internal constant TASK_SUBMITTED = 1;
    uint8 internal constant TASK_STATUS = 2;
    uint8 internal constant TOKEN_TRANSFER = 3;

    uint8 internal constant STATUS_ACCEPTED = 1;
    uint8 internal constant STATUS_RUNNING = 2;
    uint8 internal constant STATUS_COMPLETED = 3;
    uint8 internal constant STATUS_FAILED = 4;
    uint8 internal constant STATUS_CANCELLED = 5;
    uint8 internal constant VERIFICATION_FAILED = 2;

    /// @notice Largest job spec a task may carry, in bytes.
    uint256 internal constant MAX_SPEC_BYTES = 4096;

    uint256 private constant _TASK_SUBMITTED_FIXED = 162;
    uint256 private constant _TASK_STATUS_LENGTH = 102;
    uint256 private constant _TOKEN_TRANSFER_LENGTH = 132;

    struct TaskSubmitted {
        bytes32 taskId;
        bytes32 submitter;
        bytes32 token;
        uint256 escrow;
        bytes32 specHash;
        bytes spec;
    }

    struct TaskStatus {
        uint16 targetChain;
        bytes32 taskId;
        uint8 status;
        uint8 verification;
        bytes32 resultHash;
        bytes32 weightsHash;
    }

    struct TokenTransfer {
        bytes32 transferId;
        uint16 targetChain;
        bytes32 recipient;
        uint256 amount;
        bytes32 nodeId;
    }

    error BridgeMessagesWrongType(uint8 expected, uint8 given);
    error BridgeMessagesWrongVersion(uint8 given);
    error BridgeMessagesWrongLength(uint256 given);

    function encodeTaskSubmitted(TaskSubmitted memory m) internal pure returns (bytes memory) {
        return abi.encodePacked(TASK_SUBMITTED, VERSION, m.taskId, m.submitter, m.token, m.escrow, m.specHash, m.spec);
    }

    function encodeTaskStatus(TaskStatus memory m) internal pure returns (bytes memory) {
        return abi.encodePacked(TASK_STATUS, VERSION, m.targetChain, m.taskId, m.status, m.verification, m.resultHash, m.weightsHash);
    }

    function encodeTokenTransfer(TokenTransfer memory m) internal pure returns (bytes memory) {
        return abi.encodePacked(TOKEN_TRANSFER, VERSION, m.transferId, m.targetChain, m.recipient, m.amount, m.nodeId);
    }

    function decodeTaskSubmitted(bytes memory p) internal pure returns (TaskSubmitted memory m) {
        _header(p, TASK_SUBMITTED);
        if (p.length < _TASK_SUBMITTED_FIXED || p.length > _TASK_SUBMITTED_FIXED + MAX_SPEC_BYTES) revert BridgeMessagesWrongLength(p.length);
        m.taskId = _word(p, 2);
        m.submitter = _word(p, 34);
        m.token = _word(p, 66);
        m.escrow = uint256(_word(p, 98));
        m.specHash = _word(p, 130);
        m.spec = _tail(p, _TASK_SUBMITTED_FIXED);
    }

    function decodeTaskStatus(bytes memory p) internal pure returns (TaskStatus memory m) {
        _header(p, TASK_STATUS);
        if (p.length != _TASK_STATUS_LENGTH) revert BridgeMessagesWrongLength(p.length);
        m.targetChain = uint16(bytes2(_word(p, 2)));
        m.taskId = _word(p, 4);
        m.status = uint8(p[36]);
        m.verification = uint8(p[37]);
        m.resultHash = _word(p, 38);
        m.weightsHash = _word(p, 70);
    }

    function decodeTokenTransfer(bytes memory p) internal pure returns (TokenTransfer memory m) {
        _header(p, TOKEN_TRANSFER);
        if (p.length != _TOKEN_TRANSFER_LENGTH) revert BridgeMessagesWrongLength(p.length);
        m.transferId = _word(p, 2);
        m.targetChain = uint16(bytes2(_word(p, 34)));
        m.recipient = _word(p, 36);
        m.amount = uint256(_word(p, 68));
        m.nodeId = _word(p, 100);
    }

    /// @notice An EVM address as a Wormhole universal address (left-padded to 32 bytes).
    function toBytes32(address a) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }

    function _header(bytes memory p, uint8 expectedType) private pure {
        if (p.length < 2) revert BridgeMessagesWrongLength(p.length);
        if (uint8(p[0]) != expectedType) revert BridgeMessagesWrongType(expectedType, uint8(p[0]));
        if (uint8(p[1]) != VERSION) revert BridgeMessagesWrongVersion(uint8(p[1]));
    }

    /// @dev The 32 bytes at `offset`; callers checked the length (a short read past the end would see other memory).
    function _word(bytes memory p, uint256 offset) private pure returns (bytes32 w) {
        assembly ("memory-safe") {
            w := mload(add(add(p, 32), offset))
        }
    }

    function _tail(bytes memory p, uint256 from) private pure returns (bytes memory out) {
        uint256 n = p.length - from;
        out = new bytes(n);
        assembly ("memory-safe") {
            mcopy(add(out, 32), add(add(p, 32), from), n)
        }
    }
}
