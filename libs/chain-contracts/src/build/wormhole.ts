import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { repoRoot, type ContractArtifact } from './compile';

/**
 * The real Wormhole core contract comes from the npm package that ships its compiled artifacts,
 * taken at build time and never copied into the repository. Only the package's own tarball is
 * fetched (`npm pack`, ~3 MB), not its ~500 MB of dependencies, and its integrity is checked.
 */
export const WORMHOLE_SDK_PACKAGE = '@certusone/wormhole-sdk';
export const WORMHOLE_SDK_VERSION = '0.10.18';
export const WORMHOLE_SDK_INTEGRITY = 'sha512-VuN4AGB018ELkzTT/jN+yWgE6TWqXsHilxxCVWqGctzow2hKSFd8ADUhxhHigies436rS0vPvrgXi6m0J1+Ecw==';

/** Setup (initialises the proxy), Implementation (the core logic) and Wormhole (the ERC1967 proxy). */
export const WORMHOLE_CORE_CONTRACTS = ['Setup', 'Implementation', 'Wormhole'] as const;
export type WormholeCoreContract = (typeof WORMHOLE_CORE_CONTRACTS)[number];
export type WormholeArtifacts = Record<WormholeCoreContract, ContractArtifact>;

const factoryPath = (name: string) => `package/lib/cjs/ethers-contracts/factories/${name}__factory.js`;

/** The core contract's artifacts, from the cache (.corex/wormhole-cache) or fetched and extracted once. */
export function loadWormholeArtifacts(options: { root?: string; cacheDir?: string } = {}): WormholeArtifacts {
  const root = options.root ?? repoRoot();
  const cacheDir = options.cacheDir ?? join(root, '.corex', 'wormhole-cache');
  const file = join(cacheDir, `core-${WORMHOLE_SDK_VERSION}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as WormholeArtifacts;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'corex-wormhole-'));
  try {
    const tarball = fetchTarball(work);
    execFileSync('tar', ['-xzf', tarball, '-C', work, ...WORMHOLE_CORE_CONTRACTS.map(factoryPath)]);
    const artifacts = Object.fromEntries(WORMHOLE_CORE_CONTRACTS.map((name) => [name, readFactory(join(work, factoryPath(name)), name)])) as WormholeArtifacts;
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(artifacts));
    renameSync(partial, file); // atomic: a concurrent reader never sees half a file
    return artifacts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fetchTarball(dir: string): string {
  const out = execFileSync('npm', ['pack', `${WORMHOLE_SDK_PACKAGE}@${WORMHOLE_SDK_VERSION}`, '--json', '--pack-destination', dir], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [packed] = JSON.parse(out) as { filename: string }[];
  const tarball = join(dir, packed!.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== WORMHOLE_SDK_INTEGRITY) throw new Error(`${WORMHOLE_SDK_PACKAGE}@${WORMHOLE_SDK_VERSION}: integrity ${integrity} is not the pinned ${WORMHOLE_SDK_INTEGRITY}`);
  return tarball;
}

/** The factory modules are generated ethers v5 code: run in a sandbox with a stand-in `ethers` to read their static abi and bytecode. */
function readFactory(file: string, name: string): ContractArtifact {
  const module = { exports: {} as Record<string, { abi: ContractArtifact['abi']; bytecode: string }> };
  const ethers = { ContractFactory: class {}, Contract: class {}, utils: { Interface: class {} } };
  runInNewContext(readFileSync(file, 'utf8'), { module, exports: module.exports, require: (id: string) => (id === 'ethers' ? ethers : {}) });
  const factory = module.exports[`${name}__factory`];
  if (!factory?.bytecode?.startsWith('0x') || !Array.isArray(factory.abi)) throw new Error(`${file} holds no ${name} artifact`);
  return { contractName: name, sourceName: `${WORMHOLE_SDK_PACKAGE}/${name}`, abi: factory.abi, bytecode: factory.bytecode, deployedBytecode: '' };
}
