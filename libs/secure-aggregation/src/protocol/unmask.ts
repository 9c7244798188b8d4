import { open } from '../crypto/aead';
import { SecaggMalformed, SecaggQuorumLost, SecaggRefusal } from '../errors';
import { SECAGG_PROTOCOL } from '../params';
import { fromBase64url, toBase64url } from '../wire/base64url';
import { SEALED_SHARE_BYTES, SHARE_BYTES } from '../wire/common';
import type { UnmaskOutput } from '../wire/results';
import { Roster } from './roster';
import type { UnmaskInput } from './types';

/**
 * Unmask phase of a round: opens the shares addressed to self and reveals the self-mask
 * shares of survivors and the masking-key shares of dropped members. Throws SecaggRefusal
 * when a node is listed as both (that would expose its individual update) or when self is
 * listed as dropped. Stateless: the caller keeps one answer per (job, round), see docs.
 */
export function runUnmask(input: UnmaskInput): UnmaskOutput {
  const roster = new Roster(input.members, input.threshold);
  const self = input.self.nodeId;
  roster.checkPartition(input.survivors, input.dropped);
  if (input.threshold !== undefined && input.survivors.length < input.threshold) {
    throw new SecaggQuorumLost(`${input.survivors.length} survivors, ${input.threshold} needed: nothing is revealed`);
  }
  if (!input.survivors.includes(self)) throw new SecaggRefusal(`${self} is listed as dropped: it does not take part in the unmask`);
  roster.checkOwnKey(self, input.self.encryptionPrivateKey, 'encryption');
  if (!Number.isInteger(input.round) || input.round < 1) throw new SecaggMalformed(`round must be a positive integer, got ${input.round}`);
  const openShare = (purpose: 'setup' | 'self', from: string, sealed: Record<string, string>): string => {
    const text = sealed[from];
    if (text === undefined) throw new SecaggMalformed(`no ${purpose} share from ${from} addressed to ${self}`);
    const bytes = fromBase64url(text);
    if (bytes.length !== SEALED_SHARE_BYTES) throw new SecaggMalformed(`${purpose} share from ${from} has ${bytes.length} bytes, expected ${SEALED_SHARE_BYTES}`);
    const round = purpose === 'setup' ? 0 : input.round;
    const context = { purpose, jobId: input.jobId, round, from, to: self };
    const share = open(input.self.encryptionPrivateKey, roster.member(from).encryptionKey, context, bytes);
    if (share.length !== SHARE_BYTES) throw new SecaggMalformed(`${purpose} share from ${from} holds ${share.length} bytes`);
    return toBase64url(share);
  };
  const selfSeeds = Object.fromEntries(input.survivors.map((id) => [id, openShare('self', id, input.selfShares)]));
  const maskKeys = Object.fromEntries(input.dropped.map((id) => [id, openShare('setup', id, input.setupShares)]));
  return { protocol: SECAGG_PROTOCOL, phase: 'unmask', nodeId: self, round: input.round, selfSeeds, maskKeys };
}
