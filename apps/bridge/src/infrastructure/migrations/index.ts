import { chainMigrations } from '@corex/chain';

/** Migrations of the bridge's database (schema `chain`: nonce outboxes and follower checkpoints), run at start-up. */
export const bridgeMigrations: Function[] = [...chainMigrations];
