import { getBase58Decoder, type Address } from '@solana/kit';
import type { DevnetChain } from './devnet-chain';
import type { Faucet } from './faucet';
import { RPC_ERROR, RpcError } from './rpc-error';
import { readTokenAccount } from './token-balances';

/** A JSON-RPC method: positional params in, JSON-able result (bigints allowed) out. */
export type RpcHandler = (params: unknown[]) => unknown;

const RENT_EPOCH_EXEMPT = 18446744073709551615n;

/** Wraps a value in the `{ context: { slot }, value }` envelope of Solana's RPC responses. */
export function withContext(chain: DevnetChain, value: unknown): unknown {
  return { context: { apiVersion: '2.2.0', slot: chain.slot }, value };
}

/** Account and chain-state methods: getAccountInfo, getBalance, getLatestBlockhash, requestAirdrop... */
export function accountMethods(chain: DevnetChain, faucet: Faucet): Record<string, RpcHandler> {
  return {
    getAccountInfo: ([address, config]) => withContext(chain, encodeAccount(chain, asAddress(address), encodingOf(config))),
    getMultipleAccounts: ([addresses, config]) =>
      withContext(chain, asArray(addresses).map((address) => encodeAccount(chain, asAddress(address), encodingOf(config)))),
    getBalance: ([address]) => withContext(chain, chain.svm.getBalance(asAddress(address)) ?? 0n),
    getTokenAccountBalance: ([address]) => {
      const token = readTokenAccount(chain.svm, asAddress(address));
      if (!token) throw new RpcError(RPC_ERROR.invalidParams, 'Invalid param: not a Token account');
      return withContext(chain, token.amount);
    },
    getMinimumBalanceForRentExemption: ([size]) => chain.svm.minimumBalanceForRentExemption(BigInt(size as number)),
    getLatestBlockhash: () => withContext(chain, chain.latestBlockhash()),
    isBlockhashValid: ([blockhash]) => withContext(chain, chain.isBlockhashValid(String(blockhash))),
    getSlot: () => chain.slot,
    getBlockHeight: () => chain.blockHeight,
    getHealth: () => 'ok',
    getVersion: () => ({ 'solana-core': '2.2.0-litesvm', 'feature-set': 0 }),
    requestAirdrop: ([address, amount]) => faucet.airdrop(asAddress(address), BigInt(amount as number)),
  };
}

function encodeAccount(chain: DevnetChain, address: Address, encoding: 'base58' | 'base64') {
  const account = chain.svm.getAccount(address);
  if (!account.exists) return null;
  const data = encoding === 'base58' ? getBase58Decoder().decode(account.data) : Buffer.from(account.data).toString('base64');
  return {
    data: [data, encoding],
    executable: account.executable,
    lamports: account.lamports,
    owner: account.programAddress,
    rentEpoch: RENT_EPOCH_EXEMPT,
    space: account.space,
  };
}

function encodingOf(config: unknown): 'base58' | 'base64' {
  // jsonParsed falls back to base64, as the real RPC does for accounts it cannot parse.
  return (config as { encoding?: string } | undefined)?.encoding === 'base58' ? 'base58' : 'base64';
}

/** Validates a base58 address param. */
export function asAddress(value: unknown): Address {
  if (typeof value !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value)) {
    throw new RpcError(RPC_ERROR.invalidParams, `Invalid param: not a base58 address: ${String(value)}`);
  }
  return value as Address;
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new RpcError(RPC_ERROR.invalidParams, 'Invalid params: expected an array');
  return value;
}
