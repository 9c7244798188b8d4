import { chainMigrations } from '@corex/chain';

/**
 * Migrations of the staking service's database (schemas `chain` and `staking`), run at start-up
 * in this order. Each helper's migrations use its own timestamp range.
 */
export const stakingMigrations: Function[] = [...chainMigrations];
