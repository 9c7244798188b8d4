import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventDecodeError, type DurableConsumer, type EventLog } from '@corex/eventstore';
import { causedBy, withCorrelation, type Logger } from '@corex/platform';
import type { VerifierConfig } from '../config';
import type { VerifierOps } from '../ops/verifier-ops';
import { EVENT_LOG, LOGGER, VERIFIER_CONFIG, VERIFIER_OPS } from '../tokens';
import { ResultJudge } from './result-judge';
import { VerificationState } from './verification-state';

/**
 * Result verification: one consumer over the whole log from its start (jobs, plans, replicas,
 * completions, violations, reputation and its own verdicts), state in memory. Events up to the
 * stream's last sequence at start-up rebuild the state; then everything left unjudged is judged
 * and new events are judged as they come. The verdicts' ids are deterministic, so a verdict
 * appended twice (a crash between append and the consumer seeing it) dedupes.
 */
@Module({})
export class ResultsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: DurableConsumer;
  private judge?: ResultJudge;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(VERIFIER_CONFIG) private readonly config: VerifierConfig,
    @Inject(VERIFIER_OPS) private readonly ops: VerifierOps,
  ) {}

  static forRoot(_config: VerifierConfig): DynamicModule {
    return { module: ResultsModule };
  }

  async onApplicationBootstrap(): Promise<void> {
    const state = new VerificationState();
    const judge = new ResultJudge({
      state,
      store: this.log.store,
      blobs: () => this.log.blobs(),
      logger: this.logger,
      replicaWaitMs: this.config.REPLICA_WAIT_MS,
      onVerdicts: (verdicts) => this.ops.verdicts(verdicts.map((v) => v.type)),
    });
    this.judge = judge;
    const startSeq = (await this.log.jsm.streams.info(this.log.store.names.stream)).state.last_seq;
    let handled = 0;
    let caughtUp = false;
    const catchUp = () => {
      caughtUp = true;
      this.logger.info({ events: startSeq }, 'verifier caught up with the log');
      judge.catchUp();
    };
    if (startSeq === 0) catchUp();
    // An event this build cannot decode (a newer type) is skipped, not retried forever: the verifier reads the whole log.
    const onFailure = (err: unknown) => {
      if (!(err instanceof EventDecodeError)) return;
      this.logger.warn({ err, seq: err.seq }, 'skipping an event the verifier cannot decode');
      handled = Math.max(handled, err.seq);
      if (!caughtUp && handled >= startSeq) catchUp();
    };
    this.consumer = this.log.consumer({ filter: '>', resumeAfter: async () => handled, maxBatch: 200, restartDelayMs: 100, onFailure }, async (events) => {
      for (const stored of events) {
        state.apply(stored);
        // Verdicts, and the lines logged while judging, carry the correlation of the event judged.
        if (caughtUp) withCorrelation(causedBy(stored.event), () => judge.onLive(stored));
        handled = stored.seq;
        this.ops.handled('verifier-results', handled);
        if (!caughtUp && handled >= startSeq) catchUp();
      }
    });
    this.consumer.start();
    this.timer = setInterval(() => judge.tick(), this.config.COREX_VERIFIER_TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.consumer?.stop();
    await this.judge?.close();
  }
}
