import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTypeChain } from 'typechain';
import { Artifacts, repoRoot } from './compile';

/** The contracts that get TypeScript bindings (test-only contracts are left out). */
export const BOUND_CONTRACTS = [
  'CorexToken',
  'StakingPool',
  'MiningPool',
  'ProofRegistry',
  'CorexGovernor',
  'TimelockController',
  'CorexHub',
  'TaskPortal',
  'CorexPeerToken',
] as const;

export const generatedDir = (root = repoRoot()): string => join(root, 'libs/chain-contracts/src/generated');

/** Writes typechain (ethers-v6) bindings for the bound contracts' ABIs into `outDir`. */
export async function generateBindings(artifacts: Artifacts, outDir: string, root = repoRoot()): Promise<number> {
  const abiDir = mkdtempSync(join(tmpdir(), 'corex-abi-'));
  try {
    const files = BOUND_CONTRACTS.map((name) => {
      const artifact = artifacts[name];
      if (!artifact) throw new Error(`no artifact for ${name}`);
      const file = join(abiDir, `${name}.json`);
      writeFileSync(file, JSON.stringify(artifact.abi));
      return file;
    });
    const result = await runTypeChain({ cwd: root, filesToProcess: files, allFiles: files, outDir, target: 'ethers-v6' });
    return result.filesGenerated;
  } finally {
    rmSync(abiDir, { recursive: true, force: true });
  }
}
