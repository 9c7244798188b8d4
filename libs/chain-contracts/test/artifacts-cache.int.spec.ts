import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contractSources, repoRoot, sourcesHash } from '../src/build/compile';

const run = promisify(execFile);

describe('artifacts cache', () => {
  it('is keyed by every source: changing one changes the key, the same sources give the same key', () => {
    const sources = contractSources();
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(['contracts/StakingPool.sol', 'contracts/test/ReentrantToken.sol']));
    expect(sourcesHash(sources)).toBe(sourcesHash({ ...sources }));
    const edited = { ...sources, 'contracts/MiningPool.sol': `${sources['contracts/MiningPool.sol']}\n// edit` };
    expect(sourcesHash(edited)).not.toBe(sourcesHash(sources));
  });

  it('parallel processes on an empty cache all get the same artifacts and leave one cache file and no lock', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'corex-contracts-cache-'));
    try {
      const script = `const { loadArtifacts } = require('./libs/chain-contracts/src/build/compile');
        const a = loadArtifacts({ cacheDir: process.argv[1] });
        process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.bytecode.length]))));`;
      const outputs = await Promise.all(
        [0, 1, 2].map(() => run(process.execPath, ['-r', '@swc-node/register', '-e', script, cacheDir], { cwd: repoRoot(), timeout: 120_000 })),
      );
      const results = outputs.map((o) => JSON.parse(o.stdout) as Record<string, number>);
      expect(Object.keys(results[0])).toEqual(expect.arrayContaining(['StakingPool', 'MiningPool', 'TimelockController']));
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      expect(readdirSync(cacheDir)).toEqual([`${sourcesHash(contractSources())}.json`]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 180_000);
});
