import { ValidationError } from '@corex/platform';

/** What the StakingPool says about a node (folded from `corex.stake.changed.v1`). */
export interface NodeStake {
  /** Active stake in wei (counts for boost, minStake and verifier rights). */
  readonly activeWei: bigint;
  /** StakingPool.boostOf: 10000 = 1x (no or too little stake) .. 30000 = 3x. */
  readonly boostBps: number;
  /** Active stake ≥ the pool's verifier threshold. */
  readonly verifier: boolean;
}

export const NO_STAKE: NodeStake = { activeWei: 0n, boostBps: 10_000, verifier: false };

const WEI_PER_CXT = 10n ** 18n;
const CXT_DECIMAL = /^(0|[1-9]\d*)(?:\.(\d{1,18}))?$/;

/** "1.5" CXT → 1500000000000000000n wei. Throws ValidationError `SCHEDULER.AMOUNT_INVALID`. */
export function cxtToWei(amount: string): bigint {
  const match = CXT_DECIMAL.exec(amount);
  if (!match) throw new ValidationError('SCHEDULER.AMOUNT_INVALID', `not a CXT amount: ${JSON.stringify(amount)}`, { amount });
  return BigInt(match[1]!) * WEI_PER_CXT + BigInt((match[2] ?? '').padEnd(18, '0'));
}

/** The score's stake factor: boostBps / 10000 (1.0, or 1.1..3.0 on the pool's curve). */
export function stakeBoostOf(stake: NodeStake): number {
  return stake.boostBps / 10_000;
}

/** A node that gets staked nodes' preference: its stake buys more than 1x boost. */
export function isStaked(stake: NodeStake): boolean {
  return stake.boostBps > 10_000;
}
