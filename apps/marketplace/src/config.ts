import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@corex/platform';

export const marketplaceConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  COREX_ADMIN_TOKEN: z
    .string({ error: 'COREX_ADMIN_TOKEN is required: the bearer token of admin calls such as POST /v1/accounts, at least 16 characters (e.g. openssl rand -hex 24)' })
    .min(16, 'COREX_ADMIN_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  /** CSV datasets stream in, typed as they arrive (memory: the tensors, 4 bytes a cell), so their limit is large. */
  DATASET_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  /** JSON datasets are parsed whole: at most this, and at most DATASET_LIMIT_BYTES. */
  DATASET_JSON_LIMIT_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  MODEL_LIMIT_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  SSE_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  /** A job's event stream sends at most one patch per interval, merging the changes in between (0: one per projection batch). */
  SSE_PATCH_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(250),
  /** Token bucket per API key (and one for the admin token): requests at once, and per second after. */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(200),
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  /** Concurrent SSE job streams one API key may hold open. */
  SSE_MAX_STREAMS_PER_KEY: z.coerce.number().int().positive().default(16),
  /** The chain's deployment file (libs/chain deployment.ts; `npm start` writes .corex/deployment.json); unset: GET /v1/network answers 503 CHAIN.NOT_CONFIGURED. */
  COREX_DEPLOYMENT_FILE: z.string().min(1).optional(),
  /** The public guardian API shown by GET /v1/network (overrides the deployment file's). */
  COREX_GUARDIAN_API_URL: z.string().url().optional(),
  /** Explorers for the operator views' transaction links: `ethereum=https://etherscan.io,arbitrum=https://arbiscan.io` (unset: no links, as on local devnets). */
  COREX_EXPLORER_URLS: z.string().max(4096).optional(),
  /** The built dashboard served at /dashboard/ (default apps/dashboard/dist; `npm run build:dashboard`). */
  COREX_DASHBOARD_DIR: z.string().min(1).optional(),
});
export type MarketplaceConfig = z.infer<typeof marketplaceConfigSchema>;

export function loadMarketplaceConfig(env: NodeJS.ProcessEnv = process.env): MarketplaceConfig {
  return loadConfig(marketplaceConfigSchema, env);
}
