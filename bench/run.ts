/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts module (or those whose name contains
 * the filter) one after the other and prints each figure. Each module exports
 * `run(): Promise<BenchResult[]>`. Exits 1 when a bench throws; a missed target is reported,
 * not fatal.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { printResult, verdict, type BenchResult } from './report';

interface BenchModule {
  run(): Promise<BenchResult[]>;
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const names = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .filter((name) => !filter || name.includes(filter))
    .sort();
  if (names.length === 0) throw new Error(`no bench matches ${JSON.stringify(filter ?? '')} in ${__dirname}`);

  let failed = 0;
  let missed = 0;
  for (const name of names) {
    console.log(`\n== ${name}`);
    try {
      const mod = (await import(join(__dirname, `${name}.bench.ts`))) as BenchModule;
      for (const r of await mod.run()) {
        printResult(r);
        if (verdict(r) === 'miss') missed++;
      }
    } catch (err) {
      failed++;
      console.error(`${name} failed:`, err);
    }
  }
  console.log(`\n${names.length} bench(es), ${failed} failed, ${missed} figure(s) below target`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
