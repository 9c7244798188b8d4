// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Compiled from this entry point so the build emits the OpenZeppelin TimelockController artifact.
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
