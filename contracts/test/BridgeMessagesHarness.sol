// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {BridgeMessages} from "../bridge/BridgeMessages.sol";

/// @title BridgeMessagesHarness
/// @notice Test-only: exposes the BridgeMessages codec so the TypeScript codec can be checked against it byte for byte.
contract BridgeMessagesHarness {
    function encodeTaskSubmitted(BridgeMessages.TaskSubmitted memory m) external pure returns (bytes memory) {
        return BridgeMessages.encodeTaskSubmitted(m);
    }

    function encodeTaskStatus(BridgeMessages.TaskStatus memory m) external pure returns (bytes memory) {
        return BridgeMessages.encodeTaskStatus(m);
    }

    function encodeTokenTransfer(BridgeMessages.TokenTransfer memory m) external pure returns (bytes memory) {
        return BridgeMessages.encodeTokenTransfer(m);
    }

    function decodeTaskSubmitted(bytes memory p) external pure returns (BridgeMessages.TaskSubmitted memory) {
        return BridgeMessages.decodeTaskSubmitted(p);
    }

    function decodeTaskStatus(bytes memory p) external pure returns (BridgeMessages.TaskStatus memory) {
        return BridgeMessages.decodeTaskStatus(p);
    }

    function decodeTokenTransfer(bytes memory p) external pure returns (BridgeMessages.TokenTransfer memory) {
        return BridgeMessages.decodeTokenTransfer(p);
    }
}
