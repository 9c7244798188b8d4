import { RewardTransferDelivered, type RewardTransferDeliveredData } from '@corex/events';
import type { Logger } from '@corex/platform';
import type { RewardCarrier } from './reward-carrier';
import type { RewardIntake } from './reward-intake';
import type { RewardLedger } from './reward-ledger';
import type { SolanaDelivery } from './solana-delivery';

export interface RewardsRunnerOptions {
  intake: RewardIntake;
  carrier: RewardCarrier;
  ledger: RewardLedger;
  solana?: SolanaDelivery;
  logger: Logger;
  pollMs: number;
}

/**
 * The rewards loop: at start it rebuilds the Solana limiter from the mints the log records and picks
 * up every transfer not delivered yet; then, every poll, it takes MiningPool's new payments to the
 * bridge and advances each open transfer (a failure is logged and retried on the next poll).
 */
export class RewardsRunner {
  private readonly open = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly o: RewardsRunnerOptions) {}

  /** Rebuilds from the log; returns the transfers still open. */
  async resume(): Promise<string[]> {
    const mints: { amount: bigint; at: Date }[] = [];
    for (const transferId of await this.o.ledger.transferIds()) {
      const { state, events } = await this.o.ledger.load(transferId);
      if (state.kind !== 'delivered') this.open.add(transferId);
      const delivered = events.find((e) => e.type === RewardTransferDelivered.type)?.data as RewardTransferDeliveredData | undefined;
      if (delivered?.targetChain.name === 'solana') mints.push({ amount: BigInt(delivered.amount), at: new Date(delivered.deliveredAt) });
    }
    this.o.solana?.rebuild(mints);
    return [...this.open];
  }

  /** One pass: new payments, then every open transfer as far as it goes. */
  async poll(): Promise<void> {
    for (const id of await this.o.intake.scan()) this.open.add(id);
    for (const transferId of [...this.open]) {
      try {
        if ((await this.o.carrier.advance(transferId)) === 'delivered') this.open.delete(transferId);
      } catch (err) {
        this.o.logger.warn({ err, transferId }, 'reward transfer step failed; retried on the next poll');
      }
    }
  }

  async start(): Promise<void> {
    await this.resume();
    const tick = () => {
      this.running = this.poll()
        .catch((err: unknown) => this.o.logger.warn({ err }, 'rewards poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
