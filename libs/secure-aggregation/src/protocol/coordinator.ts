import { SecaggMalformed } from '../errors';
import { SECAGG_SCALE } from '../params';
import type { FederatedResult, SetupOutput, UpdateOutput } from '../wire/results';
import { maskedFromBase64url } from '../wire/masked';

/** What the task asked for: a result must answer exactly this. */
export interface ExpectedResult {
  phase: FederatedResult['phase'];
  nodeId: string;
  /** Required for update and unmask. */
  round?: number;
  /** Words of the masked vector (parameters + 1), for update. */
  length?: number;
  /** The members' nodeIds the shares must be addressed to (setup and update). */
  members?: readonly string[];
}

/**
 * The verifier's structural check of a decoded result against its task: phase, node, round,
 * vector length, and shares addressed to exactly the members. Returns a reason, or null.
 */
export function structuralMismatch(result: FederatedResult, expected: ExpectedResult): string | null {
  if (result.phase !== expected.phase) return `phase ${result.phase}, expected ${expected.phase}`;
  if (result.nodeId !== expected.nodeId) return `from ${result.nodeId}, expected ${expected.nodeId}`;
  if (result.phase !== 'setup' && expected.round !== undefined && result.round !== expected.round) return `round ${result.round}, expected ${expected.round}`;
  if (result.phase === 'update' && expected.length !== undefined && result.length !== expected.length) return `length ${result.length}, expected ${expected.length}`;
  const shares = result.phase === 'setup' ? result.shares : result.phase === 'update' ? result.selfShares : undefined;
  if (shares && expected.members) {
    const to = Object.keys(shares).sort();
    const members = [...expected.members].sort();
    if (to.length !== members.length || to.some((id, i) => id !== members[i])) return 'shares are not addressed to exactly the members';
  }
  return null;
}

/**
 * The sealed shares addressed to one member, as its unmask descriptor carries them: from every
 * setup output (`setupShares`) and from every survivor's update of the round (`selfShares`).
 */
export function sharesAddressedTo(
  recipient: string,
  setups: readonly SetupOutput[],
  updates: readonly UpdateOutput[],
): { setupShares: Record<string, string>; selfShares: Record<string, string> } {
  const pick = (from: string, shares: Record<string, string>) => {
    const share = shares[recipient];
    if (share === undefined) throw new SecaggMalformed(`${from} sent no share to ${recipient}`);
    return [from, share] as const;
  };
  return {
    setupShares: Object.fromEntries(setups.map((s) => pick(s.nodeId, s.shares))),
    selfShares: Object.fromEntries(updates.map((u) => pick(u.nodeId, u.selfShares))),
  };
}

/** survivor nodeId → masked words, the `masked` input of aggregateRound. */
export function maskedVectors(updates: readonly UpdateOutput[]): Record<string, Uint32Array> {
  return Object.fromEntries(updates.map((u) => [u.nodeId, maskedFromBase64url(u.masked, u.length)]));
}

/**
 * The aggregate check that stands in for per-member range proofs: honest members clip to
 * `clipNorm`, so ‖weightedSum‖ ≤ totalRows · clipNorm, plus the quantization slack of
 * `members` roundings of half a unit per coordinate. Returns ‖weightedSum‖ / bound (> 1 = exceeded).
 */
export function normBoundRatio(result: { weightedSum: Float32Array; totalRows: number }, clipNorm: number, members: number): number {
  let squares = 0;
  for (const v of result.weightedSum) squares += v * v;
  const slack = (members / (2 * SECAGG_SCALE)) * Math.sqrt(result.weightedSum.length);
  return Math.sqrt(squares) / (result.totalRows * clipNorm + slack);
}
