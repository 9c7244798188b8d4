import { chainMigrations } from '@corex/chain';
import { StakingIngest1764700000001 } from './1764700000001-ingest';

/**
 * Migrations of the staking service's database (schemas `chain` and `staking`), run at start-up
 * in this order. Each helper's migrations use its own timestamp range.
 */
export const stakingMigrations: Function[] = [...chainMigrations, StakingIngest1764700000001];
