import { baseConfigSchema } from '@corex/platform';
import { z } from 'zod';

/**
 * The staking service's environment: the shared settings plus the chain. The deployment file,
 * RPC URL and operator key are read by libs/chain `chainFromEnv` (COREX_DEPLOYMENT_FILE,
 * COREX_RPC_URL, COREX_CHAIN_LOCAL, COREX_OPERATOR_KEY(_FILE)); they are listed here so that a
 * typo is refused at start-up.
 */
export const stakingConfigSchema = baseConfigSchema.extend({
  /** Deployment file written by `npm start` / scripts/deploy-chain.ts. Unset: no chain, the service idles. */
  COREX_DEPLOYMENT_FILE: z.string().min(1).optional(),
  COREX_RPC_URL: z.string().min(1).optional(),
  COREX_CHAIN_LOCAL: z.enum(['0', '1']).optional(),
  /** Blocks on top of a block before its events enter the log (2 on the local anvil, a dozen or more on a public chain). */
  COREX_CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).max(1_000).default(2),
  /** How often the followers look for new blocks. */
  COREX_CHAIN_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  /** How often the settlement looks for due epochs and unfinished steps. */
  COREX_SETTLEMENT_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  /** Nodes paid per claimForMany transaction. */
  COREX_SETTLEMENT_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /** Port of /metrics and /health (0: any free port). Unset: none (tests); main.ts listens on 9464 then (docs/observability.md). */
  COREX_STAKING_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  COREX_STAKING_HTTP_HOST: z.string().default('127.0.0.1'),
  /** Share of a node's stake (active + pending) one proven fraud costs, bps; StakingPool.maxSlashBps caps it. */
  SLASH_BPS: z.coerce.number().int().min(1).max(10_000).default(1_000),
  /** The bridge operator's home address: a node routed to another chain has its payout bound here (the bridge forwards). Unset: home routes only. */
  COREX_BRIDGE_PAYOUT_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/).optional(),
});
export type StakingConfig = z.infer<typeof stakingConfigSchema>;
