import { recoverAddress, Signature } from 'ethers';
import { bodyDigest, parseVaa, toUniversalAddress, VaaFormatError, type Vaa } from './vaa';

/** Why a VAA was refused, in the order the checks run (the core's own order, then the receiver's). */
export type VaaRejectionCode =
  | 'VAA.MALFORMED'
  | 'VAA.UNKNOWN_GUARDIAN_SET'
  | 'VAA.GUARDIAN_SET_EXPIRED'
  | 'VAA.NO_QUORUM'
  | 'VAA.BAD_SIGNATURE'
  | 'VAA.WRONG_EMITTER'
  | 'VAA.REPLAYED';

export interface GuardianSet {
  /** Guardian addresses; a signature's guardianIndex points into this list. */
  keys: readonly string[];
  /** Unix seconds after which the set no longer signs; 0 or absent: the current set, never expires. */
  expiresAt?: number;
}

/** An accepted emitter: Wormhole chain id and address (20-byte EVM or 32-byte universal). */
export interface AllowedEmitter {
  chain: number;
  address: string;
}

/** Hashes (vm.hash) of VAAs already acted on; the receiver adds to it once it has consumed one. */
export interface ConsumedSet {
  has(vaaHash: string): boolean | Promise<boolean>;
}

export interface VerifyVaaOptions {
  guardianSets: ReadonlyMap<number, GuardianSet>;
  allowedEmitters: readonly AllowedEmitter[];
  consumed?: ConsumedSet;
  /** Unix seconds (default: the wall clock). */
  now?: number;
}

export type VerifiedVaa = Vaa & { body: string; /** keccak256(keccak256(body)): the core's vm.hash, the replay key. */ hash: string };

export type VerifyVaaResult = { ok: true; vaa: VerifiedVaa } | { ok: false; code: VaaRejectionCode; reason: string };

/** Wormhole's quorum: more than two thirds of the guardian set. */
export const quorum = (guardians: number): number => Math.floor((guardians * 2) / 3) + 1;

const reject = (code: VaaRejectionCode, reason: string): VerifyVaaResult => ({ ok: false, code, reason });

/**
 * Verifies a VAA off-chain as the core's parseAndVerifyVM does (guardian set, expiry, quorum,
 * ascending guardian indices, ecrecover of the digest == that guardian's key), then as a Corex
 * receiver does (emitter chain and address allowed, not consumed before).
 */
export async function verifyVaa(bytes: Uint8Array | string, options: VerifyVaaOptions): Promise<VerifyVaaResult> {
  const checked = verifyVaaSignatures(bytes, options);
  if (!checked.ok) return checked;
  const { vaa } = checked;
  const emitter = vaa.emitterAddress.toLowerCase();
  if (!options.allowedEmitters.some((e) => e.chain === vaa.emitterChain && toUniversalAddress(e.address) === emitter)) {
    return reject('VAA.WRONG_EMITTER', `emitter ${vaa.emitterChain}/${emitter} is not a registered peer`);
  }
  if (options.consumed && (await options.consumed.has(vaa.hash))) return reject('VAA.REPLAYED', `VAA ${vaa.hash} was consumed before`);
  return checked;
}

/** The guardian half of verifyVaa (what the core checks), without emitter and replay checks. */
export function verifyVaaSignatures(bytes: Uint8Array | string, options: Pick<VerifyVaaOptions, 'guardianSets' | 'now'>): VerifyVaaResult {
  let parsed: Vaa & { body: string };
  try {
    parsed = parseVaa(bytes);
  } catch (err) {
    // parseVaa is pure: whatever it throws (VaaFormatError, or ethers refusing non-hex input) means not a VAA.
    return reject('VAA.MALFORMED', err instanceof VaaFormatError ? err.message : `not VAA bytes: ${(err as Error).message}`);
  }
  const set = options.guardianSets.get(parsed.guardianSetIndex);
  if (!set || set.keys.length === 0) return reject('VAA.UNKNOWN_GUARDIAN_SET', `guardian set ${parsed.guardianSetIndex} is unknown`);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (set.expiresAt && set.expiresAt < now) return reject('VAA.GUARDIAN_SET_EXPIRED', `guardian set ${parsed.guardianSetIndex} expired at ${set.expiresAt}`);
  const needed = quorum(set.keys.length);
  if (parsed.signatures.length < needed) return reject('VAA.NO_QUORUM', `${parsed.signatures.length} signature(s), quorum is ${needed} of ${set.keys.length}`);
  const hash = bodyDigest(parsed.body);
  const bad = badSignature(parsed, set, hash);
  if (bad) return reject('VAA.BAD_SIGNATURE', bad);
  return { ok: true, vaa: { ...parsed, hash } };
}

function badSignature(vaa: Vaa, set: GuardianSet, digest: string): string | undefined {
  let last = -1;
  for (const sig of vaa.signatures) {
    if (sig.guardianIndex <= last) return `signature guardian indices must be strictly ascending (${sig.guardianIndex} after ${last})`;
    last = sig.guardianIndex;
    const key = set.keys[sig.guardianIndex];
    if (!key) return `guardian index ${sig.guardianIndex} is outside the set of ${set.keys.length}`;
    if (sig.v > 1) return `signature of guardian ${sig.guardianIndex} has recovery id ${sig.v}, not 0 or 1`;
    let signer: string;
    try {
      signer = recoverAddress(digest, Signature.from({ r: sig.r, s: sig.s, yParity: sig.v as 0 | 1 }));
    } catch {
      return `signature of guardian ${sig.guardianIndex} does not recover`;
    }
    if (signer.toLowerCase() !== key.toLowerCase()) return `signature of guardian ${sig.guardianIndex} is not by ${key}`;
  }
  return undefined;
}
