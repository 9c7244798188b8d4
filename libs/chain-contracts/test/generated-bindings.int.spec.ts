import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateBindings, generatedDir } from '../src/build/bindings';
import { loadArtifacts } from '../src/build/compile';

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('generated bindings', () => {
  it('regenerating the typechain bindings from the compiled contracts gives the committed files (run npm run build:contracts if not)', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'corex-bindings-'));
    try {
      await generateBindings(loadArtifacts(), outDir);
      const fresh = filesUnder(outDir);
      const committed = filesUnder(generatedDir());
      expect(Object.keys(committed).sort()).toEqual(Object.keys(fresh).sort());
      for (const [file, content] of Object.entries(fresh)) expect({ file, content: committed[file] }).toEqual({ file, content });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
