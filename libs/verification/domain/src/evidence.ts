import { createHash } from 'node:crypto';
import type { FraudEvidence, FraudKind } from '@corex/events';
import { canonicalJson } from '@corex/platform';

/** `0x` + sha256 of the evidence's canonical JSON: the hash the slash transaction carries. */
export function evidenceHash(evidence: FraudEvidence): string {
  return `0x${createHash('sha256').update(canonicalJson(evidence)).digest('hex')}`;
}

/** The deterministic id of a fraud: one per kind and lease (or challenge), so a repeated detection dedupes. */
export function fraudId(kind: FraudKind, leaseOrChallengeId: string): string {
  return `fraud-${kind}-${leaseOrChallengeId}`.slice(0, 128);
}
