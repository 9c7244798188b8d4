import { baseConfigSchema } from '@corex/platform';
import { z } from 'zod';

/**
 * The bridge's environment: the shared settings, the chains (read by libs/chain `chainFromEnv` and
 * `chainsFromEnv`: COREX_DEPLOYMENT_FILE, COREX_RPC_URL(_<NAME>), COREX_CHAIN_LOCAL), the guardian API,
 * Solana, and the marketplace the bridge submits jobs to as a customer. Listed here so a typo is refused.
 */
export const bridgeConfigSchema = baseConfigSchema.extend({
  /** Deployment file with `chains`, `wormhole` and `solana` (npm start writes it). Unset: no chain, the bridge idles. */
  COREX_DEPLOYMENT_FILE: z.string().min(1).optional(),
  COREX_RPC_URL: z.string().min(1).optional(),
  COREX_RPC_URL_BSC: z.string().min(1).optional(),
  COREX_RPC_URL_ARBITRUM: z.string().min(1).optional(),
  COREX_CHAINS: z.string().min(1).optional(),
  COREX_CHAIN_LOCAL: z.enum(['0', '1']).optional(),
  /** The bridge's own key (BRIDGE_ROLE on CorexHub; pays gas on every EVM chain). Locally: dev account 3. */
  COREX_BRIDGE_KEY: z.string().min(1).optional(),
  COREX_BRIDGE_KEY_FILE: z.string().min(1).optional(),
  /** The guardian API (GET /v1/signed_vaa/...); defaults to the deployment file's wormhole.guardianApiUrl. */
  COREX_GUARDIAN_API_URL: z.string().url().optional(),
  COREX_SOLANA_RPC_URL: z.string().url().optional(),
  /** Key file of the Solana bridge authority (ensureCorexSolana / loadCorexSolanaKeys). */
  COREX_SOLANA_AUTHORITY_FILE: z.string().min(1).optional(),
  /** Owner of the account a completed Solana task's escrow is released to (default: the bridge authority). */
  COREX_SOLANA_FEE_RECIPIENT: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/).optional(),
  /** The marketplace REST API the bridge submits jobs to. */
  COREX_MARKETPLACE_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** The bridge account's API key at the marketplace (npm start creates the account with the admin token). */
  COREX_BRIDGE_API_KEY: z.string().min(1).optional(),
  /** The bridge account's id (the account cross-chain jobs are charged to). */
  COREX_BRIDGE_ACCOUNT_ID: z.string().min(1).optional(),
  COREX_BRIDGE_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  COREX_BRIDGE_HOST: z.string().default('127.0.0.1'),
  /** Least escrow a task must carry, in CXT wei. */
  COREX_BRIDGE_MIN_ESCROW_WEI: z.coerce.bigint().nonnegative().default(0n),
  /** Blocks on top of a block before its task events are handled. */
  COREX_CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).max(1_000).default(1),
  COREX_CHAIN_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  /** How long the bridge waits for a guardian signature before retrying later. */
  COREX_GUARDIAN_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
});
export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
