import { z } from 'zod';
import { DEFAULT_RATE_LIMITS } from '@corex/chain-contracts';
import type { RateLimits } from '@corex/bridge-domain';

/**
 * The rewards feature's own settings: the off-chain inbound limit of Solana mints (the same rule and
 * defaults as the EVM peer tokens' InboundRateLimiter).
 */
export const rewardsConfigSchema = z.object({
  COREX_BRIDGE_SOLANA_DAILY_CAP_WEI: z.coerce.bigint().positive().default(DEFAULT_RATE_LIMITS.dailyCap),
  COREX_BRIDGE_SOLANA_LARGE_TRANSFER_WEI: z.coerce.bigint().positive().default(DEFAULT_RATE_LIMITS.largeTransferThreshold),
  COREX_BRIDGE_SOLANA_LARGE_TRANSFER_DELAY_S: z.coerce.number().int().min(0).default(Number(DEFAULT_RATE_LIMITS.largeTransferDelay)),
});
export type RewardsConfig = z.infer<typeof rewardsConfigSchema>;

export function solanaLimits(config: RewardsConfig): RateLimits {
  return {
    dailyCap: config.COREX_BRIDGE_SOLANA_DAILY_CAP_WEI,
    largeTransferThreshold: config.COREX_BRIDGE_SOLANA_LARGE_TRANSFER_WEI,
    largeTransferDelay: config.COREX_BRIDGE_SOLANA_LARGE_TRANSFER_DELAY_S,
  };
}
