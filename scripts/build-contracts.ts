// npm run build:contracts: compiles contracts/ with solc-js into the artifacts cache
// (.corex/contracts-cache, keyed by the sources' hash) and regenerates the committed
// typechain bindings in libs/chain-contracts/src/generated.
import { rmSync } from 'node:fs';
import { generateBindings, generatedDir, loadArtifacts } from '../libs/chain-contracts/src/build';

async function main(): Promise<void> {
  const started = Date.now();
  const artifacts = loadArtifacts();
  const outDir = generatedDir();
  rmSync(outDir, { recursive: true, force: true });
  const files = await generateBindings(artifacts, outDir);
  console.log(`[contracts] ${Object.keys(artifacts).length} artifacts, ${files} binding files in ${outDir} (${Date.now() - started} ms)`);
}

main().catch((err: unknown) => {
  console.error('[contracts]', err instanceof Error ? err.stack : err);
  process.exit(1);
});
