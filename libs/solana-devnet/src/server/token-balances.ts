import type { Address } from '@solana/kit';
import { getMintDecoder, getTokenDecoder, getTokenSize, getMintSize, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import type { LiteSVM } from 'litesvm';

const TOKEN_2022_PROGRAM_ADDRESS = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PJnBRmVKrspvUzr';

/** `uiTokenAmount` of the JSON-RPC API. */
export interface UiTokenAmount {
  amount: string;
  decimals: number;
  uiAmount: number | null;
  uiAmountString: string;
}

/** One entry of `meta.preTokenBalances` / `meta.postTokenBalances`. */
export interface RpcTokenBalance {
  accountIndex: number;
  mint: Address;
  owner: Address;
  programId: Address;
  uiTokenAmount: UiTokenAmount;
}

/** The SPL token account at `address` (classic Token or Token-2022 base layout), or null if it is none. */
export function readTokenAccount(svm: LiteSVM, address: Address): { mint: Address; owner: Address; programId: Address; amount: UiTokenAmount } | null {
  const account = svm.getAccount(address);
  if (!account.exists || !isTokenProgram(account.programAddress) || account.data.length < getTokenSize()) return null;
  const token = getTokenDecoder().decode(account.data.slice(0, getTokenSize()));
  const decimals = readMintDecimals(svm, token.mint);
  if (decimals === null) return null;
  return { mint: token.mint, owner: token.owner, programId: account.programAddress, amount: uiTokenAmount(token.amount, decimals) };
}

/** Token balances of the transaction's accounts that are token accounts, indexed like `accountKeys`. */
export function readTokenBalances(svm: LiteSVM, accountKeys: readonly Address[]): RpcTokenBalance[] {
  const balances: RpcTokenBalance[] = [];
  accountKeys.forEach((address, accountIndex) => {
    const token = readTokenAccount(svm, address);
    if (token) balances.push({ accountIndex, mint: token.mint, owner: token.owner, programId: token.programId, uiTokenAmount: token.amount });
  });
  return balances;
}

/** Formats a raw token amount like the RPC does (`"1.5"` for 1_500_000_000 at 9 decimals). */
export function uiTokenAmount(amount: bigint, decimals: number): UiTokenAmount {
  const scale = 10n ** BigInt(decimals);
  const fraction = (amount % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  const uiAmountString = fraction ? `${amount / scale}.${fraction}` : `${amount / scale}`;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

function readMintDecimals(svm: LiteSVM, mint: Address): number | null {
  const account = svm.getAccount(mint);
  if (!account.exists || account.data.length < getMintSize()) return null;
  return getMintDecoder().decode(account.data.slice(0, getMintSize())).decimals;
}

function isTokenProgram(owner: Address): boolean {
  return owner === TOKEN_PROGRAM_ADDRESS || owner === TOKEN_2022_PROGRAM_ADDRESS;
}
