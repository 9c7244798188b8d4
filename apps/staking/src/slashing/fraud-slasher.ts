import type { ChainFromEnv, NonceSigner } from '@corex/chain';
import { connectCorex, nodeIdToBytes32, type CorexContracts } from '@corex/chain-contracts';
import { FraudDetected, type FraudDetectedData, type StoredEvent } from '@corex/events';
import { causedBy, withCorrelation, type Logger } from '@corex/platform';
import { slashAmount } from './slash-amount';

export interface FraudSlasherOptions {
  chain: ChainFromEnv;
  signer: NonceSigner;
  logger: Logger;
  /** Share of a node's stake one fraud costs (SLASH_BPS), capped by the pool's maxSlashBps. */
  slashBps: number;
}

/** Outcomes that will not change on a retry: the slash is given up (logged), not retried forever. */
const FINAL_CODES = new Set(['CHAIN.TX_REVERTED', 'CHAIN.TX_REJECTED', 'CHAIN.INTENT_CONFLICT']);

/**
 * Slashes each FraudDetected on-chain: `StakingPool.slash(node, amount, evidenceHash)` through the
 * operator's NonceSigner under intent `slash:<fraudId>`. Re-entrant: a fraud whose intent the
 * signer already holds is only waited for, never sent again (the amount depends on the stake,
 * which the first slash changed), so a redelivery or a restart after a crash slashes once.
 */
export class FraudSlasher {
  private readonly contracts: CorexContracts;
  /** Slashes run one at a time: each amount is a share of the stake the previous slash left. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: FraudSlasherOptions) {
    this.contracts = connectCorex(o.chain.deployment.contracts, o.chain.provider);
  }

  /** The batch handler of the consumers: FraudDetected events are slashed in order, others skipped. */
  async handle(events: StoredEvent[]): Promise<void> {
    for (const { event } of events) {
      if (event.type === FraudDetected.type) await withCorrelation(causedBy(event), () => this.slash(event.data as FraudDetectedData));
    }
  }

  slash(fraud: FraudDetectedData): Promise<void> {
    const next = this.queue.then(() => this.slashNow(fraud));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async slashNow(fraud: FraudDetectedData): Promise<void> {
    const { signer, logger } = this.o;
    const intentId = `slash:${fraud.fraudId}`;
    const log = { fraudId: fraud.fraudId, nodeId: fraud.nodeId, kind: fraud.kind, intentId };
    try {
      const known = await this.minedIntent(intentId);
      if (known) return logger.debug({ ...log, txHash: known.hash }, 'fraud already slashed');
      const { stakingPool } = this.contracts;
      const key = nodeIdToBytes32(fraud.nodeId);
      const stake = await stakingPool.nodeStake(key);
      const amount = slashAmount({ staked: stake.active + stake.pending, slashBps: this.o.slashBps, maxSlashBps: await stakingPool.maxSlashBps() });
      if (amount === 0n) return logger.info(log, 'fraud of a node without stake: nothing to slash');
      const data = stakingPool.interface.encodeFunctionData('slash', [key, amount, fraud.evidenceHash]);
      await signer.submit(intentId, { to: String(stakingPool.target), data });
      const mined = await signer.waitMined(intentId, 1);
      logger.info({ ...log, amount: amount.toString(), txHash: mined.hash }, 'node slashed');
    } catch (err) {
      if (!FINAL_CODES.has((err as { code?: string }).code ?? '')) throw err;
      logger.error({ ...log, err }, 'slash failed for good: not retried');
    }
  }

  /** The intent's mined transaction when the signer holds it, else undefined. */
  private async minedIntent(intentId: string): Promise<{ hash: string } | undefined> {
    try {
      return await this.o.signer.waitMined(intentId, 1);
    } catch (err) {
      if ((err as { code?: string }).code === 'CHAIN.INTENT_UNKNOWN') return undefined;
      throw err;
    }
  }
}
