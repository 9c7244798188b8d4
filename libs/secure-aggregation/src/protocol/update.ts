import { randomBytes } from 'node:crypto';
import { seal } from '../crypto/aead';
import { addPrg, pairSeed } from '../crypto/prg';
import { shamirSplit, shareToBytes } from '../crypto/shamir';
import { SecaggMalformed } from '../errors';
import { SECAGG_PROTOCOL } from '../params';
import { quantizeUpdate } from '../quantize';
import { toBase64url } from '../wire/base64url';
import { maskedToBase64url } from '../wire/masked';
import type { UpdateOutput } from '../wire/results';
import { Roster } from './roster';
import type { UpdateInput } from './types';

/**
 * Update phase of a round: clips the delta to `clipNorm`, weights it by `rows`, appends
 * `rows`, quantizes, adds a fresh self mask and the pairwise masks, and seals the shares of
 * the self-mask seed to every member. Throws SecaggOverflow when the sum could overflow.
 */
export function runUpdate(input: UpdateInput): UpdateOutput {
  const roster = new Roster(input.members, input.threshold);
  const self = input.self.nodeId;
  if (!Number.isInteger(input.round) || input.round < 1) throw new SecaggMalformed(`round must be a positive integer, got ${input.round}`);
  roster.checkOwnKey(self, input.self.encryptionPrivateKey, 'encryption');
  roster.checkOwnKey(self, input.self.maskingPrivateKey, 'masking');
  const masked = maskUpdate(input, roster);
  return {
    protocol: SECAGG_PROTOCOL,
    phase: 'update',
    nodeId: self,
    round: input.round,
    masked: maskedToBase64url(masked.words),
    length: masked.words.length,
    selfShares: sealSelfSeed(input, roster, masked.selfSeed),
  };
}

/** y_i = q_i + PRG(b_i) + Σ_{j>i} PRG(s_ij) − Σ_{j<i} PRG(s_ij) mod 2^32. */
function maskUpdate(input: UpdateInput, roster: Roster): { words: Uint32Array; selfSeed: Buffer } {
  const words = quantizeUpdate(input.delta, input.rows, input.clipNorm, roster.members.length);
  const selfSeed = randomBytes(32);
  addPrg(words, selfSeed, 1);
  const i = roster.index(input.self.nodeId);
  roster.members.forEach((peer, j) => {
    if (j === i) return;
    const seed = pairSeed(input.self.maskingPrivateKey, roster.maskingKey(peer.nodeId), input.jobId, input.round);
    addPrg(words, seed, j > i ? 1 : -1);
  });
  return { words, selfSeed };
}

function sealSelfSeed(input: UpdateInput, roster: Roster, selfSeed: Buffer): Record<string, string> {
  const shares = shamirSplit(selfSeed, roster.xs(), input.threshold);
  const sealed: Record<string, string> = {};
  roster.members.forEach((m, j) => {
    const context = { purpose: 'self' as const, jobId: input.jobId, round: input.round, from: input.self.nodeId, to: m.nodeId };
    sealed[m.nodeId] = toBase64url(seal(input.self.encryptionPrivateKey, m.encryptionKey, context, shareToBytes(shares[j])));
  });
  return sealed;
}
