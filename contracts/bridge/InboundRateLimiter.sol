// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title InboundRateLimiter
/// @notice Caps what inbound bridge transfers deliver per rolling 24 h and holds large ones back.
/// The capacity refills linearly: `capacity(t) = min(dailyCap, capacity(t0) + (t − t0) · dailyCap / 24 h)`,
/// so at most `dailyCap` (plus one oversize transfer, below) leaves in any 24 h window.
/// A transfer is queued, not delivered, when its amount is ≥ `largeTransferThreshold` (due after
/// `largeTransferDelay`) or above the current capacity (due when the capacity has refilled enough).
/// Anyone releases a due queued transfer once the capacity covers it; a transfer larger than `dailyCap`
/// is released only from a full capacity, which it empties.
/// @dev The concrete contract delivers (`_deliver`) and exposes `setRateLimits` behind its own role.
abstract contract InboundRateLimiter is ReentrancyGuard {
    struct QueuedTransfer {
        address recipient;
        uint64 releaseAt;
        bool released;
        uint256 amount;
    }

    uint256 public dailyCap;
    uint256 public largeTransferThreshold;
    uint64 public largeTransferDelay;

    uint256 private _capacity;
    uint64 private _capacityAt;

    /// @notice Queued transfers by transferId (the queue id).
    mapping(bytes32 transferId => QueuedTransfer) public queued;

    event TransferQueued(bytes32 indexed transferId, address indexed recipient, uint256 amount, uint64 releaseAt);
    event TransferReleased(bytes32 indexed transferId, address indexed recipient, uint256 amount);
    event RateLimitsChanged(uint256 dailyCap, uint256 largeTransferThreshold, uint64 largeTransferDelay);

    error InboundRateLimiterUnknownTransfer(bytes32 transferId);
    error InboundRateLimiterAlreadyReleased(bytes32 transferId);
    error InboundRateLimiterNotDue(bytes32 transferId, uint64 releaseAt);
    error InboundRateLimiterOverCapacity(uint256 available, uint256 amount);
    error InboundRateLimiterInvalidParameter();

    /// @notice Delivers a due queued transfer when the capacity covers it (or, for one above dailyCap, when it is full). Anyone may call.
    function releaseQueued(bytes32 transferId) external nonReentrant {
        QueuedTransfer storage q = queued[transferId];
        if (q.recipient == address(0)) revert InboundRateLimiterUnknownTransfer(transferId);
        if (q.released) revert InboundRateLimiterAlreadyReleased(transferId);
        if (block.timestamp < q.releaseAt) revert InboundRateLimiterNotDue(transferId, q.releaseAt);
        uint256 available = currentCapacity();
        uint256 amount = q.amount;
        if (amount > available && available < dailyCap) revert InboundRateLimiterOverCapacity(available, amount);

        q.released = true;
        _setCapacity(amount > available ? 0 : available - amount);
        emit TransferReleased(transferId, q.recipient, amount);

        _deliver(q.recipient, amount);
    }

    /// @notice What may be delivered now without queueing.
    function currentCapacity() public view returns (uint256) {
        uint256 refill = (block.timestamp - _capacityAt) * dailyCap / 1 days;
        uint256 capacity = _capacity + refill;
        return capacity > dailyCap ? dailyCap : capacity;
    }

    function _setRateLimits(uint256 dailyCap_, uint256 threshold, uint64 delay) internal {
        if (dailyCap_ == 0 || threshold == 0) revert InboundRateLimiterInvalidParameter();
        uint256 capacity = dailyCap == 0 ? dailyCap_ : currentCapacity();
        dailyCap = dailyCap_;
        largeTransferThreshold = threshold;
        largeTransferDelay = delay;
        _setCapacity(capacity > dailyCap_ ? dailyCap_ : capacity);
        emit RateLimitsChanged(dailyCap_, threshold, delay);
    }

    /// @dev Delivers now or queues; returns whether it queued. The caller emits its own receipt event first.
    function _deliverOrQueue(bytes32 transferId, address recipient, uint256 amount) internal returns (bool) {
        uint256 available = currentCapacity();
        uint64 releaseAt;
        if (amount >= largeTransferThreshold) releaseAt = uint64(block.timestamp) + largeTransferDelay;
        else if (amount > available) releaseAt = uint64(block.timestamp + _refillTime(available, amount));
        else {
            _setCapacity(available - amount);
            _deliver(recipient, amount);
            return false;
        }
        queued[transferId] = QueuedTransfer({recipient: recipient, releaseAt: releaseAt, released: false, amount: amount});
        emit TransferQueued(transferId, recipient, amount, releaseAt);
        return true;
    }

    /// @dev Performs the transfer (mint or release from the lock).
    function _deliver(address recipient, uint256 amount) internal virtual;

    function _refillTime(uint256 available, uint256 amount) private view returns (uint256) {
        uint256 need = (amount > dailyCap ? dailyCap : amount) - available;
        return (need * 1 days + dailyCap - 1) / dailyCap;
    }

    function _setCapacity(uint256 capacity) private {
        _capacity = capacity;
        _capacityAt = uint64(block.timestamp);
    }
}
