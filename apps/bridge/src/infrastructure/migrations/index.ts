import { chainMigrations } from '@corex/chain';
import { BridgeSolanaCursor1764900000001 } from './1764900000001-solana-cursor';

/**
 * Migrations of the bridge's database (schema `chain`: nonce outboxes and follower checkpoints;
 * schema `bridge`), run at start-up in this order. Each part's migrations use its own timestamp range.
 */
export const bridgeMigrations: Function[] = [...chainMigrations, BridgeSolanaCursor1764900000001];
