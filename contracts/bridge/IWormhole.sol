// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IWormhole
/// @notice The part of the Wormhole core contract Corex uses. The structs match the core's
/// `Structs.VM` and `Structs.Signature` field for field, so `parseAndVerifyVM` decodes as the core returns it.
interface IWormhole {
    struct Signature {
        bytes32 r;
        bytes32 s;
        uint8 v;
        uint8 guardianIndex;
    }

    struct VM {
        uint8 version;
        uint32 timestamp;
        uint32 nonce;
        uint16 emitterChainId;
        bytes32 emitterAddress;
        uint64 sequence;
        uint8 consistencyLevel;
        bytes payload;
        uint32 guardianSetIndex;
        Signature[] signatures;
        /// @dev keccak256(keccak256(body)): what the guardians signed; receivers keep it to refuse replays.
        bytes32 hash;
    }

    event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel);

    /// @notice Publishes `payload` for the guardians to sign; pays messageFee() in msg.value.
    function publishMessage(uint32 nonce, bytes memory payload, uint8 consistencyLevel) external payable returns (uint64 sequence);

    /// @notice Parses a VAA and checks its guardian set (current, or not yet expired), quorum and signatures.
    /// It does not check the emitter and does not refuse replays.
    function parseAndVerifyVM(bytes calldata encodedVM) external view returns (VM memory vm, bool valid, string memory reason);

    function messageFee() external view returns (uint256);

    /// @notice This chain's Wormhole chain id (2 Ethereum, 4 BSC, 23 Arbitrum).
    function chainId() external view returns (uint16);
}
