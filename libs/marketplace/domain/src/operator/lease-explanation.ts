/** How one lease of a node went, as the operator dashboard shows it (docs/operator-api.md). */
export const leaseStatuses = ['running', 'awaiting-verification', 'escalated', 'verified', 'accrued', 'settled', 'unpaid-no-payout', 'lease-ended', 'rejected', 'fraud'] as const;
export type LeaseStatus = (typeof leaseStatuses)[number];

export type LeaseState = 'active' | 'completed' | 'expired' | 'node-lost' | 'released' | 'cancelled' | 'failed';
export type LeaseVerdict = 'verified' | 'rejected' | 'escalated' | 'fraud';

/** What the log says about one lease of the node, gathered by its projection. */
export interface LeaseFacts {
  state: LeaseState;
  leaseExpiresAt: string;
  endedAt: string | null;
  /** The node's or the network's error a failed attempt ended with. */
  error: { code: string; message: string } | null;
  verdict: LeaseVerdict | null;
  /** The verifier's reason for a rejection or an escalation. */
  verdictReason: string | null;
  fraud: { kind: string; detail: string } | null;
  reward: { amount: string; epoch: number } | null;
  /** Whether the reward's epoch settled on-chain. */
  epochSettled: boolean;
  /** Whether MiningPool has a payout address for the node (bound at home or through a bridge route). */
  payoutBound: boolean;
}

export interface LeaseExplanation {
  status: LeaseStatus;
  /** In words, for every lease that failed or is not paid (yet); null for a running or settled one. */
  why: string | null;
}

const ENDED: Record<Exclude<LeaseState, 'active' | 'completed'>, (f: LeaseFacts) => string> = {
  expired: (f) => `The lease expired at ${f.leaseExpiresAt} before the node returned a result, so the fragment went back to the queue for another node.`,
  'node-lost': (f) => `The node stopped sending heartbeats while it held the lease (ended ${f.endedAt ?? f.leaseExpiresAt}), so the fragment went to another node.`,
  released: () => 'The node released the lease without a result (it shut down or left), so the fragment went to another node.',
  cancelled: () => 'The lease was closed without a result because its job no longer needed it: the owner cancelled the job, or the job or its step ended first.',
  failed: (f) => (f.error ? `The attempt failed with ${f.error.code}: ${f.error.message}` : 'The attempt failed without a result.'),
};

/** The status of a lease and, unless it is running or settled, why it did not (or not yet) pay. */
export function explainLease(f: LeaseFacts): LeaseExplanation {
  if (f.state === 'active') return { status: 'running', why: null };
  if (f.state !== 'completed') return { status: 'lease-ended', why: `${ENDED[f.state](f)} Only verified results earn a reward.` };
  switch (f.verdict) {
    case null:
      return { status: 'awaiting-verification', why: "The result waits for the verifier's verdict; it earns once verified." };
    case 'escalated':
      return { status: 'escalated', why: `A check could not decide (${f.verdictReason ?? 'inconclusive'}): a replica on another node decides. The node is not punished; the result earns if the replica agrees.` };
    case 'rejected':
      return { status: 'rejected', why: `The verifier did not accept the result: ${f.verdictReason ?? 'no reason given'}. The node is not punished; the fragment is redone elsewhere and this result earns nothing.` };
    case 'fraud':
      return { status: 'fraud', why: `Fraud proven (${f.fraud?.kind ?? 'unknown'}): ${f.fraud?.detail ?? 'see the evidence'}. The result is never paid and the stake is slashed with the evidence's hash.` };
    case 'verified':
      return explainVerified(f);
  }
}

function explainVerified(f: LeaseFacts): LeaseExplanation {
  if (!f.reward) return { status: 'verified', why: 'Verified; settlement has not recorded its reward yet (it does so for every verified result).' };
  if (f.reward.amount === '0') return { status: 'settled', why: "Verified, but the job's budget was spent before this fragment: it earned 0." };
  if (!f.epochSettled) return { status: 'accrued', why: `Earned ${f.reward.amount} wei in epoch ${f.reward.epoch}; paid on-chain when epoch ${f.reward.epoch} settles.` };
  if (!f.payoutBound) {
    return { status: 'unpaid-no-payout', why: `Epoch ${f.reward.epoch} settled, but the node has no payout address: MiningPool pays what it earned at the first epoch after one is bound (node-runner bind-payout or payout-route).` };
  }
  return { status: 'settled', why: null };
}
