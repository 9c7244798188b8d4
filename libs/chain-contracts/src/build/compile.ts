import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import solc from 'solc';

/** A compiled contract: what deployment and bindings need. */
export interface ContractArtifact {
  contractName: string;
  sourceName: string;
  abi: readonly Record<string, unknown>[];
  bytecode: string;
  deployedBytecode: string;
}

export type Artifacts = Record<string, ContractArtifact>;

export interface CompileOptions {
  /** Repository root holding contracts/ and node_modules/ (default: this checkout). */
  root?: string;
  /** Artifacts cache directory (default: <root>/.corex/contracts-cache). */
  cacheDir?: string;
}

const SOLC_VERSION = '0.8.30';
/** Contracts taken from OpenZeppelin as they are, emitted beside ours. */
const EXTERNAL_CONTRACTS = ['TimelockController'];

const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

export const repoRoot = (): string => resolve(__dirname, '../../../..');

/** Every .sol file under contracts/, as solc source unit names ("contracts/X.sol"), sorted. */
export function contractSources(root = repoRoot()): Record<string, string> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sol')) files.push(relative(root, path));
    }
  };
  walk(join(root, 'contracts'));
  return Object.fromEntries(files.sort().map((file) => [file, readFileSync(join(root, file), 'utf8')]));
}

/** The cache key: compiler, settings, OpenZeppelin version and every source's content. */
export function sourcesHash(sources: Record<string, string>, root = repoRoot()): string {
  const hash = createHash('sha256');
  const ozVersion = JSON.parse(readFileSync(join(root, 'node_modules/@openzeppelin/contracts/package.json'), 'utf8')).version;
  hash.update(JSON.stringify({ solc: SOLC_VERSION, settings, ozVersion }));
  for (const [name, content] of Object.entries(sources)) hash.update(`\0${name}\0${content}`);
  return hash.digest('hex').slice(0, 32);
}

/** Compiles the contracts with solc-js (standard JSON, imports read from node_modules). Slow: use loadArtifacts. */
export function compileContracts(root = repoRoot()): Artifacts {
  if (solc.version().split('+')[0] !== SOLC_VERSION) throw new Error(`solc ${SOLC_VERSION} expected, found ${solc.version()}`);
  const sources = contractSources(root);
  const input = { language: 'Solidity', sources: mapValues(sources, (content) => ({ content })), settings };
  const findImports = (path: string): { contents: string } | { error: string } => {
    const file = join(root, 'node_modules', path);
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${path}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  return collectArtifacts(output, Object.keys(sources));
}

/**
 * The compiled artifacts, from the cache keyed by the sources' hash; compiles (and fills the cache)
 * when the sources changed or the cache is missing.
 */
export function loadArtifacts(options: CompileOptions = {}): Artifacts {
  const root = options.root ?? repoRoot();
  const cacheDir = options.cacheDir ?? join(root, '.corex', 'contracts-cache');
  const file = join(cacheDir, `${sourcesHash(contractSources(root), root)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Artifacts;
  mkdirSync(cacheDir, { recursive: true });
  // One compiler at a time: parallel test workers on a fresh clone wait for the first one's result.
  const lock = `${file}.lock`;
  if (!tryLock(lock)) {
    waitFor(() => existsSync(file) || !existsSync(lock), LOCK_STALE_MS);
    return loadArtifacts(options);
  }
  try {
    const artifacts = compileContracts(root);
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(artifacts));
    renameSync(partial, file); // atomic: readers never see half a file
    return artifacts;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const LOCK_STALE_MS = 120_000;

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    const held = statSync(lock, { throwIfNoEntry: false });
    if (!held) return tryLock(lock); // released meanwhile
    if (Date.now() - held.mtimeMs > LOCK_STALE_MS) {
      rmSync(lock, { recursive: true, force: true }); // left by a killed build
      return tryLock(lock);
    }
    return false;
  }
}

function waitFor(done: () => boolean, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for another process to compile the contracts');
    Atomics.wait(pause, 0, 0, 100); // loadArtifacts is synchronous: block instead of spinning
  }
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: ContractArtifact['abi']; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

function collectArtifacts(output: SolcOutput, ownSources: string[]): Artifacts {
  const artifacts: Artifacts = {};
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    for (const [contractName, compiled] of Object.entries(contracts)) {
      if (!ownSources.includes(sourceName) && !EXTERNAL_CONTRACTS.includes(contractName)) continue;
      if (compiled.evm.bytecode.object === '') continue; // interfaces and abstract contracts
      artifacts[contractName] = {
        contractName,
        sourceName,
        abi: compiled.abi,
        bytecode: `0x${compiled.evm.bytecode.object}`,
        deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
      };
    }
  }
  return artifacts;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}
