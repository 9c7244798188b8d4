// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IWormhole} from "./IWormhole.sol";
import {BridgeMessages} from "./BridgeMessages.sol";
import {InboundRateLimiter} from "./InboundRateLimiter.sol";

/// @title CorexPeerToken
/// @notice CXT on a remote EVM chain (18 decimals), burn-and-mint against the CorexHub's lock on the home
/// chain: minted only by a hub TokenTransfer VAA (rate-limited, see InboundRateLimiter), burned by
/// `bridgeOut`, which publishes a TokenTransfer back home.
contract CorexPeerToken is ERC20, AccessControl, ReentrancyGuard, InboundRateLimiter {
    /// @notice Sets the rate limits (governance later).
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    uint8 public constant CONSISTENCY_LEVEL = 1;

    IWormhole public immutable core;
    uint16 public immutable wormholeChainId;

    uint16 public hubChain;
    bytes32 public hubEmitter;
    uint64 public transferNonce;

    mapping(bytes32 vmHash => bool) public consumed;
    mapping(bytes32 transferId => bool) public transferReceived;

    event TransferReceived(bytes32 indexed transferId, address indexed recipient, uint256 amount, bytes32 indexed nodeId, bytes32 vmHash);
    event BridgedOut(bytes32 indexed transferId, address indexed from, bytes32 recipient, uint256 amount, uint64 sequence);
    event HubRegistered(uint16 chain, bytes32 emitter);

    error CorexPeerTokenZeroAddress();
    error CorexPeerTokenZeroAmount();
    error CorexPeerTokenWrongFee(uint256 expected, uint256 given);
    error CorexPeerTokenInvalidVaa(string reason);
    error CorexPeerTokenWrongEmitter(uint16 chain, bytes32 emitter);
    error CorexPeerTokenVaaConsumed(bytes32 vmHash);
    error CorexPeerTokenTransferKnown(bytes32 transferId);
    error CorexPeerTokenWrongTargetChain(uint16 targetChain);
    error CorexPeerTokenBadRecipient(bytes32 recipient);
    error CorexPeerTokenNoHub();

    /// @param core_ the Wormhole core on this chain
    /// @param admin receives DEFAULT_ADMIN_ROLE (registers the hub) and PARAMETER_ROLE
    /// @param dailyCap_ inbound mint per rolling 24 h, in wei
    /// @param largeTransferThreshold_ an inbound transfer of at least this many wei waits largeTransferDelay_ seconds
    constructor(IWormhole core_, address admin, uint256 dailyCap_, uint256 largeTransferThreshold_, uint64 largeTransferDelay_) ERC20("Corex", "CXT") {
        if (address(core_) == address(0) || admin == address(0)) revert CorexPeerTokenZeroAddress();
        core = core_;
        wormholeChainId = core_.chainId();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, admin);
        _setRateLimits(dailyCap_, largeTransferThreshold_, largeTransferDelay_);
    }

    /// @notice Mints (or queues) a hub TokenTransfer VAA addressed to this chain.
    /// @return wasQueued true when the transfer waits in the queue (see releaseQueued)
    function receiveTransfer(bytes calldata encodedVm) external nonReentrant returns (bool wasQueued) {
        (IWormhole.VM memory vm, bool valid, string memory reason) = core.parseAndVerifyVM(encodedVm);
        if (!valid) revert CorexPeerTokenInvalidVaa(reason);
        if (vm.emitterChainId != hubChain || vm.emitterAddress != hubEmitter || hubEmitter == 0) revert CorexPeerTokenWrongEmitter(vm.emitterChainId, vm.emitterAddress);
        if (consumed[vm.hash]) revert CorexPeerTokenVaaConsumed(vm.hash);
        BridgeMessages.TokenTransfer memory m = BridgeMessages.decodeTokenTransfer(vm.payload);
        if (m.targetChain != wormholeChainId) revert CorexPeerTokenWrongTargetChain(m.targetChain);
        if (transferReceived[m.transferId]) revert CorexPeerTokenTransferKnown(m.transferId);
        if (uint256(m.recipient) >> 160 != 0 || m.recipient == 0) revert CorexPeerTokenBadRecipient(m.recipient);
        if (m.amount == 0) revert CorexPeerTokenZeroAmount();

        consumed[vm.hash] = true;
        transferReceived[m.transferId] = true;
        address recipient = address(uint160(uint256(m.recipient)));
        emit TransferReceived(m.transferId, recipient, m.amount, m.nodeId, vm.hash);
        return _deliverOrQueue(m.transferId, recipient, m.amount);
    }

    /// @notice Burns `amount` of the caller's CXT and publishes a TokenTransfer to `recipient` on the home chain.
    /// msg.value must be the core's messageFee().
    function bridgeOut(uint256 amount, bytes32 recipient) external payable nonReentrant returns (bytes32 transferId, uint64 sequence) {
        if (amount == 0) revert CorexPeerTokenZeroAmount();
        if (recipient == 0) revert CorexPeerTokenBadRecipient(recipient);
        if (hubEmitter == 0) revert CorexPeerTokenNoHub();
        uint256 fee = core.messageFee();
        if (msg.value != fee) revert CorexPeerTokenWrongFee(fee, msg.value);

        transferId = keccak256(abi.encodePacked(wormholeChainId, address(this), transferNonce++));
        _burn(msg.sender, amount);
        bytes memory payload = BridgeMessages.encodeTokenTransfer(
            BridgeMessages.TokenTransfer({transferId: transferId, targetChain: hubChain, recipient: recipient, amount: amount, nodeId: 0})
        );
        sequence = core.publishMessage{value: fee}(0, payload, CONSISTENCY_LEVEL);
        emit BridgedOut(transferId, msg.sender, recipient, amount, sequence);
    }

    /// @notice Registers the CorexHub emitter (Wormhole chain id and universal address).
    function setHub(uint16 chain, bytes32 emitter) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (emitter == 0) revert CorexPeerTokenZeroAddress();
        hubChain = chain;
        hubEmitter = emitter;
        emit HubRegistered(chain, emitter);
    }

    /// @notice Sets the inbound limits: per rolling 24 h cap, large-transfer threshold and delay (seconds).
    function setRateLimits(uint256 dailyCap_, uint256 threshold, uint64 delay) external onlyRole(PARAMETER_ROLE) {
        _setRateLimits(dailyCap_, threshold, delay);
    }

    function _deliver(address recipient, uint256 amount) internal override {
        _mint(recipient, amount);
    }
}
