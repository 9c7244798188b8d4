import { addPrg, pairSeed } from '../crypto/prg';
import { shamirRecoverChecked, shareFromBytes } from '../crypto/shamir';
import { x25519PublicKey } from '../crypto/x25519';
import { SecaggInconsistent, SecaggMalformed, SecaggQuorumLost } from '../errors';
import { dequantizeSum } from '../quantize';
import { fromBase64url } from '../wire/base64url';
import { parseOrThrow } from '../wire/common';
import { type UnmaskOutput, unmaskOutputSchema } from '../wire/results';
import { Roster } from './roster';
import type { AggregateInput, AggregateOutput } from './types';

/**
 * Coordinator: sums the survivors' masked vectors, removes their self masks and the
 * pairwise masks shared with dropped members (reconstructed from ≥ threshold shares),
 * and decodes the weighted sum and total rows. Throws SecaggQuorumLost below threshold.
 */
export function aggregateRound(input: AggregateInput): AggregateOutput {
  const roster = new Roster(input.members, input.threshold);
  roster.checkPartition(input.survivors, input.dropped);
  if (input.survivors.length < input.threshold) throw new SecaggQuorumLost(`${input.survivors.length} survivors, ${input.threshold} needed`);
  const unmasks = validUnmasks(input);
  const sum = sumMasked(input);
  for (const survivor of input.survivors) {
    const seed = recover(unmasks, (u) => u.selfSeeds[survivor], input.threshold, `self-mask seed of ${survivor}`);
    addPrg(sum, seed, -1);
  }
  for (const dropped of input.dropped) removePairMasks(sum, roster, input, dropped, unmasks);
  return dequantizeSum(sum);
}

function validUnmasks(input: AggregateInput): UnmaskOutput[] {
  const unmasks = input.unmasks.map((u) => parseOrThrow(unmaskOutputSchema, u, 'unmask output'));
  const senders = new Set<string>();
  for (const u of unmasks) {
    if (u.round !== input.round) throw new SecaggMalformed(`unmask from ${u.nodeId} is for round ${u.round}, not ${input.round}`);
    if (!input.survivors.includes(u.nodeId)) throw new SecaggMalformed(`unmask from ${u.nodeId}, who is not a survivor`);
    if (senders.has(u.nodeId)) throw new SecaggMalformed(`two unmask outputs from ${u.nodeId}`);
    senders.add(u.nodeId);
  }
  if (unmasks.length < input.threshold) throw new SecaggQuorumLost(`${unmasks.length} unmask responses, ${input.threshold} needed`);
  return unmasks;
}

function sumMasked(input: AggregateInput): Uint32Array {
  const extra = Object.keys(input.masked).filter((id) => !input.survivors.includes(id));
  if (extra.length > 0) throw new SecaggMalformed(`masked vectors of non-survivors: ${extra.join(', ')}`);
  const sum = new Uint32Array(input.length);
  for (const survivor of input.survivors) {
    const words = input.masked[survivor];
    if (words === undefined) throw new SecaggMalformed(`no masked vector from survivor ${survivor}`);
    if (words.length !== input.length) throw new SecaggMalformed(`masked vector of ${survivor} has ${words.length} words, expected ${input.length}`);
    for (let k = 0; k < sum.length; k++) sum[k] += words[k];
  }
  return sum;
}

/** Each survivor j added +PRG(s_jd) if d's index is above j's, −PRG(s_jd) if below: undo it. */
function removePairMasks(sum: Uint32Array, roster: Roster, input: AggregateInput, dropped: string, unmasks: UnmaskOutput[]): void {
  const secret = recover(unmasks, (u) => u.maskKeys[dropped], input.threshold, `masking key of ${dropped}`);
  const maskingPrivateKey = Buffer.from(secret).toString('hex');
  if (x25519PublicKey(maskingPrivateKey) !== roster.maskingKey(dropped)) {
    throw new SecaggInconsistent(`the recovered masking key of ${dropped} does not match its public masking key`);
  }
  const d = roster.index(dropped);
  for (const survivor of input.survivors) {
    const seed = pairSeed(maskingPrivateKey, roster.maskingKey(survivor), input.jobId, input.round);
    addPrg(sum, seed, d > roster.index(survivor) ? -1 : 1);
  }
}

function recover(unmasks: UnmaskOutput[], pick: (u: UnmaskOutput) => string | undefined, threshold: number, what: string): Uint8Array {
  const shares = unmasks.flatMap((u) => {
    const text = pick(u);
    return text === undefined ? [] : [shareFromBytes(fromBase64url(text))];
  });
  if (shares.length < threshold) throw new SecaggQuorumLost(`${what}: ${shares.length} shares revealed, ${threshold} needed`);
  return shamirRecoverChecked(shares, threshold, what);
}
