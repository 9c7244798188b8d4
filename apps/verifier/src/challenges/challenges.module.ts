import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DurableConsumer, EventLog } from '@corex/eventstore';
import { causedBy, withCorrelation, type Logger } from '@corex/platform';
import type { VerifierConfig } from '../config';
import type { VerifierOps } from '../ops/verifier-ops';
import { EVENT_LOG, LOGGER, VERIFIER_CONFIG, VERIFIER_OPS } from '../tokens';
import { ChallengeDesk } from './challenge-desk';
import { ChallengeServer } from './challenge.server';

/**
 * Benchmark challenges: one consumer over the whole log from its start (nodes' benchmarks, exits,
 * reputation, and its own challenges), state in memory. A NodeBenchmarked seen after catching up
 * with the log gets a `join` challenge; from then on every node gets `random` ones
 * (CHALLENGE_INTERVAL_MS). The nodes' requests are answered from the start, on
 * `<prefix>.node.v1.challenge` and `.challenge-result`.
 */
@Module({})
export class ChallengesModule implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: DurableConsumer;
  private server?: ChallengeServer;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(VERIFIER_CONFIG) private readonly config: VerifierConfig,
    @Inject(VERIFIER_OPS) private readonly ops: VerifierOps,
  ) {}

  static forRoot(_config: VerifierConfig): DynamicModule {
    return { module: ChallengesModule };
  }

  async onApplicationBootstrap(): Promise<void> {
    const desk = new ChallengeDesk({ store: this.log.store, logger: this.logger, intervalMs: this.config.CHALLENGE_INTERVAL_MS });
    const startSeq = (await this.log.jsm.streams.info(this.log.store.names.stream)).state.last_seq;
    let handled = 0;
    let live = startSeq === 0;
    const goLive = () => desk.goLive().catch((err: unknown) => this.logger.warn({ err }, 'join challenges for unchallenged nodes not issued'));
    if (live) void goLive();
    this.consumer = this.log.consumer({ filter: '>', resumeAfter: async () => handled, maxBatch: 200 }, async (events) => {
      for (const stored of events) {
        await withCorrelation(causedBy(stored.event), () => desk.onEvent(stored, live));
        handled = stored.seq;
        this.ops.handled('verifier-challenges', handled);
        if (!live && handled >= startSeq) {
          live = true;
          await goLive();
        }
      }
    });
    this.consumer.start();
    this.server = new ChallengeServer(this.log.nc, desk, this.config.COREX_SUBJECT_PREFIX, this.logger);
    await this.server.start();
    let ticking = false;
    this.timer = setInterval(() => {
      if (ticking) return;
      ticking = true;
      desk
        .tick()
        .catch((err: unknown) => this.logger.warn({ err }, 'challenge tick failed; next tick retries'))
        .finally(() => (ticking = false));
    }, this.config.COREX_VERIFIER_TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.server?.close();
    await this.consumer?.stop();
  }
}
