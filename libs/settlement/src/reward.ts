/** Basis points of a neutral multiplier (1x). */
export const NEUTRAL_BPS = 10_000;

export interface RewardInputs {
  /** The job's budget, wei. */
  budget: bigint;
  /** Rows of the completed fragment. */
  fragmentRows: number;
  /** Rows of one pass over the job's data. */
  jobRows: number;
  /** Passes (training steps); 1 for single-pass jobs. */
  steps: number;
  /** StakingPool boost of the node at completion, bps (10000 = 1x). */
  boostBps: number;
  /** Reputation factor, bps; neutral (10000) until the trust issue. */
  reputationBps: number;
  /** What the job was already charged, wei. */
  spent: bigint;
}

export interface Reward {
  basePrice: bigint;
  amount: bigint;
}

/**
 * `basePrice = ⌊budget × fragmentRows / (jobRows × steps)⌋` and
 * `amount = min(⌊basePrice × boostBps × reputationBps / 10000²⌋, budget − spent)`: the job's
 * charges never exceed its budget (boosted nodes may use it up before the last fragment).
 */
export function fragmentReward(i: RewardInputs): Reward {
  const denominator = BigInt(i.jobRows) * BigInt(i.steps);
  const basePrice = denominator === 0n ? 0n : (i.budget * BigInt(i.fragmentRows)) / denominator;
  const boosted = (basePrice * BigInt(i.boostBps) * BigInt(i.reputationBps)) / BigInt(NEUTRAL_BPS * NEUTRAL_BPS);
  const left = i.budget > i.spent ? i.budget - i.spent : 0n;
  return { basePrice, amount: boosted < left ? boosted : left };
}
