import { createKeyPairSignerFromPrivateKeyBytes, type Address, type KeyPairSigner } from '@solana/kit';

/** Decimals of the CXT SPL mint (CXT has 18 on EVM chains: the hub only bridges multiples of 1e9 wei). */
export const CXT_DECIMALS = 9;

/**
 * The canonical SPL Memo program (v2). @solana-program/memo 0.15 defaults to a newer address that LiteSVM (and
 * most clusters' tooling) does not hold, so every memo instruction here names this one explicitly.
 */
export const MEMO_PROGRAM_ADDRESS = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr' as Address<'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr'>;

/** Where Corex lives on a Solana cluster: public addresses only, safe to publish (e.g. in `GET /v1/network`). */
export interface CorexSolanaDeployment {
  /** The bridge authority: mint authority of CXT and owner of the escrow. */
  readonly authority: Address;
  /** The CXT SPL mint (9 decimals). */
  readonly mint: Address;
  /** The escrow token account (the authority's associated CXT account) that task transfers pay into. */
  readonly escrow: Address;
  readonly decimals: number;
}

/** The bridge authority signer from a 32-byte Ed25519 seed (persist the seed to keep the same authority across restarts). */
export function authorityFromSeed(seed: Uint8Array): Promise<KeyPairSigner> {
  if (seed.length !== 32) throw new Error(`an Ed25519 seed has 32 bytes, got ${seed.length}`);
  return createKeyPairSignerFromPrivateKeyBytes(seed);
}
