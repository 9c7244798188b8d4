// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken (test only)
/// @notice A hostile ERC-20: when armed, a transfer out of `target` calls `target` again with
/// `payload` before returning, as a malicious token or receiver hook would. A failed re-entry
/// bubbles its revert reason up, so tests see the guard's error.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _payload;
    bool private _armed;

    constructor(address holder, uint256 supply) ERC20("Reentrant", "BAD") {
        _mint(holder, supply);
    }

    /// @notice Arms one re-entry into `target` with `payload` on its next outgoing transfer.
    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
        _armed = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_armed && from == _target) {
            _armed = false;
            (bool ok, bytes memory reason) = _target.call(_payload);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 0x20), mload(reason))
                }
            }
        }
    }
}
