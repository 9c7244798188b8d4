/** One epoch's rewards of a node: how many accepted fragments, and Σ of what they earned (wei). */
export interface EpochRewards {
  epoch: number;
  fragments: number;
  amount: string;
}

/** One MiningPool payment to the node (a claimForMany batch), with the cumulative total its leaf allowed. */
export interface EpochPayment {
  epoch: number;
  amount: string;
  txHash: string;
}

export interface EpochReconciliation {
  epoch: number;
  settled: boolean;
  /** Accepted (verified and rewarded) fragments whose reward falls in this epoch. */
  fragments: number;
  rewards: string;
  paid: string;
  cumulativeRewards: string;
  cumulativePaid: string;
  /** cumulativeRewards − cumulativePaid: a claim pays the difference to what was paid, so this is 0 after every settled epoch the node could be paid in. */
  outstanding: string;
  equal: boolean;
  why: string | null;
  txHashes: string[];
}

/**
 * Per epoch, ascending: work, rewards and on-chain payments, cumulated as MiningPool's leaves
 * are (a missed epoch is paid at the next). `settledEpochs` are the epochs that settled;
 * `payoutBound` whether the node has a payout address now.
 */
export function reconcileEpochs(rewards: EpochRewards[], payments: EpochPayment[], settledEpochs: ReadonlySet<number>, payoutBound: boolean): EpochReconciliation[] {
  const epochs = [...new Set([...rewards.map((r) => r.epoch), ...payments.map((p) => p.epoch)])].sort((a, b) => a - b);
  let cumulativeRewards = 0n;
  let cumulativePaid = 0n;
  return epochs.map((epoch) => {
    const own = rewards.filter((r) => r.epoch === epoch);
    const paidIn = payments.filter((p) => p.epoch === epoch);
    const reward = own.reduce((s, r) => s + BigInt(r.amount), 0n);
    const paid = paidIn.reduce((s, p) => s + BigInt(p.amount), 0n);
    cumulativeRewards += reward;
    cumulativePaid += paid;
    const outstanding = cumulativeRewards - cumulativePaid;
    const settled = settledEpochs.has(epoch);
    return {
      epoch,
      settled,
      fragments: own.reduce((s, r) => s + r.fragments, 0),
      rewards: reward.toString(),
      paid: paid.toString(),
      cumulativeRewards: cumulativeRewards.toString(),
      cumulativePaid: cumulativePaid.toString(),
      outstanding: outstanding.toString(),
      equal: outstanding === 0n,
      why: outstanding === 0n ? null : whyOutstanding(epoch, settled, outstanding, payoutBound, paid),
      txHashes: paidIn.map((p) => p.txHash),
    };
  });
}

function whyOutstanding(epoch: number, settled: boolean, outstanding: bigint, payoutBound: boolean, paid: bigint): string {
  if (outstanding < 0n) return `MiningPool paid ${-outstanding} wei more than the recorded rewards through epoch ${epoch}: the records disagree with the chain.`;
  if (!settled) return `Epoch ${epoch} has not settled yet: ${outstanding} wei are paid when it does.`;
  if (paid === 0n) {
    const next = payoutBound ? 'at the next epoch that settles' : 'at the first epoch after one is bound (node-runner bind-payout or payout-route)';
    return `Epoch ${epoch} settled without a payment to the node (no payout address then): ${outstanding} wei are paid ${next}.`;
  }
  return `Epoch ${epoch} settled, but ${outstanding} wei earned through it were not paid: the claims of that epoch fall short.`;
}
