import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  const artifacts = compileContracts(root);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(artifacts));
  renameSync(partial, file); // atomic: parallel test workers never read half a file
  return artifacts;
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
