/** Basis points of the whole stake. */
const BPS = 10_000n;

export interface SlashInputs {
  /** The node's active + pending stake on the StakingPool, wei. */
  staked: bigint;
  /** Share of the stake one fraud costs (SLASH_BPS). */
  slashBps: number;
  /** The pool's cap on one slash (StakingPool.maxSlashBps). */
  maxSlashBps: bigint;
}

/**
 * What one proven fraud takes from a node (docs/trust decisions, "Staking"):
 * `min(⌊staked × slashBps / 10000⌋, ⌊staked × maxSlashBps / 10000⌋)`, rounded down as the pool
 * computes its cap, so the slash never reverts on the cap. 0n: nothing to slash.
 */
export function slashAmount(i: SlashInputs): bigint {
  if (i.staked <= 0n) return 0n;
  const wanted = (i.staked * BigInt(i.slashBps)) / BPS;
  const cap = (i.staked * i.maxSlashBps) / BPS;
  return wanted < cap ? wanted : cap;
}
