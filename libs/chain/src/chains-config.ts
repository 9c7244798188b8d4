import { z } from 'zod';
import { ValidationError } from '@corex/platform';

/** The chains Corex knows by name: EVM chain id, Wormhole chain id, and Wormhole's mainnet core there. */
export const KNOWN_CHAINS = {
  ethereum: { evmChainId: 1, wormholeChainId: 2, mainnetCore: '0x98f3c9e6E3fAce36bAAd05FE09d375Ef1464288B' },
  bsc: { evmChainId: 56, wormholeChainId: 4, mainnetCore: '0x98f3c9e6E3fAce36bAAd05FE09d375Ef1464288B' },
  arbitrum: { evmChainId: 42161, wormholeChainId: 23, mainnetCore: '0xa5f208e072434bC67592E4C49C1B991BA79BCA46' },
} as const;
export type KnownChainName = keyof typeof KNOWN_CHAINS;

/** The home chain (CXT, staking, mining pool, proofs, CorexHub): its RPC URL is COREX_RPC_URL. */
export const HOME_CHAIN: KnownChainName = 'ethereum';
/** The remote EVM chains `npm start` runs beside the home chain. */
export const LOCAL_REMOTE_CHAINS: KnownChainName[] = ['bsc', 'arbitrum'];
export const SOLANA_WORMHOLE_CHAIN_ID = 1;
/** Wormhole's published devnet guardian (its key is public): the one guardian of the local chains' cores. */
export const DEVNET_GUARDIAN_ADDRESS = '0xbeFA429d57cD18b7F8A4d91A2da9AB4AF05d0FBe';

const url = z.string().url().max(2048);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an 0x-prefixed 20-byte hex address');
const chainEntrySchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes'),
  rpcUrl: url.optional(),
  publicRpcUrl: url.optional(),
  evmChainId: z.number().int().positive().optional(),
  wormholeChainId: z.number().int().min(1).max(65535).optional(),
  wormholeCore: address.optional(),
});
const chainsJsonSchema = z.array(chainEntrySchema).max(16);

/** One EVM chain as configured (home included; its rpcUrl is COREX_RPC_URL, which may be unset in a reader). */
export interface EvmChainConfig {
  name: string;
  home: boolean;
  evmChainId: number;
  wormholeChainId: number;
  rpcUrl?: string;
  publicRpcUrl?: string;
  /** The Wormhole core already on that chain (known remote mainnet chains default to Wormhole's); unset: deployed locally. */
  wormholeCore?: string;
}

export interface ChainsConfig {
  /** Home first. */
  chains: EvmChainConfig[];
  solana?: { rpcUrl: string; publicRpcUrl?: string };
  guardianApiUrl?: string;
}

const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');

/**
 * The network's chains from env: the home chain at COREX_RPC_URL (shown as COREX_PUBLIC_RPC_URL); remote EVM chains from
 * COREX_CHAINS (a JSON array of {name, rpcUrl, publicRpcUrl?, evmChainId?, wormholeChainId?,
 * wormholeCore?}; ids default for known names) and/or COREX_RPC_URL_<NAME> (COREX_RPC_URL_BSC,
 * COREX_RPC_URL_ARBITRUM, with COREX_PUBLIC_RPC_URL_<NAME>); Solana at COREX_SOLANA_RPC_URL; the
 * guardian API at COREX_GUARDIAN_API_URL. `local`: no mainnet core defaults (npm start deploys its own).
 */
export function chainsFromEnv(env: NodeJS.ProcessEnv = process.env, local = env.COREX_CHAIN_LOCAL === '1'): ChainsConfig {
  const entries = parseChainsJson(env.COREX_CHAINS);
  for (const name of Object.keys(KNOWN_CHAINS)) {
    const rpcUrl = env[`COREX_RPC_URL_${envName(name)}`];
    if (rpcUrl === undefined || name === HOME_CHAIN) continue;
    if (entries.some((e) => e.name === name)) invalid(`chain ${name} is set both in COREX_CHAINS and COREX_RPC_URL_${envName(name)}`);
    entries.push({ name, rpcUrl, publicRpcUrl: env[`COREX_PUBLIC_RPC_URL_${envName(name)}`] });
  }
  if (!entries.some((e) => e.name === HOME_CHAIN)) entries.unshift({ name: HOME_CHAIN });
  const home = entries.find((e) => e.name === HOME_CHAIN)!;
  home.publicRpcUrl ??= optionalUrl(env, 'COREX_PUBLIC_RPC_URL');
  const chains = entries.map((e) => resolve(e, env, local));
  chains.sort((a, b) => Number(b.home) - Number(a.home));
  for (const key of ['name', 'evmChainId', 'wormholeChainId'] as const) {
    const seen = new Set(chains.map((c) => c[key]));
    if (seen.size !== chains.length) invalid(`two chains share the same ${key}`);
  }
  const solanaRpc = optionalUrl(env, 'COREX_SOLANA_RPC_URL');
  return {
    chains,
    ...(solanaRpc ? { solana: { rpcUrl: solanaRpc, publicRpcUrl: optionalUrl(env, 'COREX_SOLANA_PUBLIC_RPC_URL') } } : {}),
    guardianApiUrl: optionalUrl(env, 'COREX_GUARDIAN_API_URL'),
  };
}

function resolve(entry: z.output<typeof chainEntrySchema>, env: NodeJS.ProcessEnv, local: boolean): EvmChainConfig {
  const known = (KNOWN_CHAINS as Record<string, (typeof KNOWN_CHAINS)[KnownChainName] | undefined>)[entry.name];
  const home = entry.name === HOME_CHAIN;
  const evmChainId = entry.evmChainId ?? known?.evmChainId;
  const wormholeChainId = entry.wormholeChainId ?? known?.wormholeChainId;
  if (evmChainId === undefined || wormholeChainId === undefined) invalid(`chain ${entry.name} is not a known one: set its evmChainId and wormholeChainId`);
  const rpcUrl = entry.rpcUrl ?? (home ? optionalUrl(env, 'COREX_RPC_URL') : undefined);
  if (!home && !rpcUrl) invalid(`chain ${entry.name} has no rpcUrl`);
  // The home chain's id is the one its RPC answers (ensured by the deploy script), not known here.
  const mainnetCore = !local && !home && known && known.evmChainId === evmChainId ? known.mainnetCore : undefined;
  const wormholeCore = entry.wormholeCore ?? mainnetCore;
  return { name: entry.name, home, evmChainId, wormholeChainId, rpcUrl, publicRpcUrl: entry.publicRpcUrl, wormholeCore };
}

function parseChainsJson(text: string | undefined): Array<z.output<typeof chainEntrySchema>> {
  if (text === undefined || text.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    invalid('COREX_CHAINS is not JSON');
  }
  const parsed = chainsJsonSchema.safeParse(json);
  if (!parsed.success) invalid(`COREX_CHAINS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!url.safeParse(value).success) invalid(`${name} is not a URL`);
  return value;
}

function invalid(message: string): never {
  throw new ValidationError('CHAIN.CONFIG_INVALID', message);
}
