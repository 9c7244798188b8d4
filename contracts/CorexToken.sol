// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title CorexToken (CXT)
/// @notice The Corex network's token: 18 decimals, a fixed supply minted once at deployment,
/// EIP-2612 permits and ERC20Votes checkpoints. Governance votes come from stake in the
/// StakingPool, not from holding CXT; the token's own votes are there for tooling that expects them.
contract CorexToken is ERC20, ERC20Permit, ERC20Votes {
    /// @param initialHolder receives the whole supply
    /// @param supply the fixed supply, in wei (18 decimals)
    constructor(address initialHolder, uint256 supply) ERC20("Corex", "CXT") ERC20Permit("Corex") {
        _mint(initialHolder, supply);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
