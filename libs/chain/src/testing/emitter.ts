import { ContractFactory, type Contract, type InterfaceAbi, type Signer } from 'ethers';

/** A tiny contract for chain tests: `ping(n)` emits n `Ping(seq)` events with consecutive seqs; `fail()` always reverts. */
const SOURCE = `// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;
contract Emitter {
  event Ping(uint256 indexed seq, address from);
  uint256 public count;
  function ping(uint256 n) external {
    for (uint256 i = 0; i < n; i++) emit Ping(count++, msg.sender);
  }
  error Refused();
  function fail() external pure {
    revert Refused();
  }
}`;

let compiled: { abi: InterfaceAbi; bytecode: string } | undefined;

/** Compiled with solc-js on first use (no hand-copied bytecode). */
export function emitterArtifact(): { abi: InterfaceAbi; bytecode: string } {
  if (compiled) return compiled;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require('solc') as { compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources: { 'Emitter.sol': { content: SOURCE } },
    settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const c = output.contracts['Emitter.sol'].Emitter;
  compiled = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  return compiled;
}

export async function deployEmitter(signer: Signer): Promise<Contract> {
  const { abi, bytecode } = emitterArtifact();
  const contract = await new ContractFactory(abi, bytecode, signer).deploy();
  await contract.waitForDeployment();
  return contract as Contract;
}
