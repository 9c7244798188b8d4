import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DurableConsumer, type EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { ReputationConfig } from './config';
import { HeartbeatCoverage } from './heartbeat-coverage';
import { ReputationEngine } from './reputation-engine';
import { EVENT_LOG, LOGGER, REPUTATION_CONFIG } from './tokens';

/**
 * Runs the engine: one consumer over the whole log from its first event (the state lives in
 * memory and is rebuilt at every start), the heartbeat subscription, and the uptime windows.
 */
@Injectable()
export class ReputationService implements OnApplicationBootstrap, OnApplicationShutdown {
  engine?: ReputationEngine;
  private consumer?: DurableConsumer;
  private heartbeats?: HeartbeatCoverage;
  private windows?: NodeJS.Timeout;
  private shutDown = false;

  constructor(
    @Inject(REPUTATION_CONFIG) private readonly config: ReputationConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const { state } = await this.log.jsm.streams.info(this.log.store.names.stream);
    this.heartbeats = new HeartbeatCoverage(this.log.nc, c.REPUTATION_UPTIME_SLOT_MS, this.logger);
    await this.heartbeats.listen(nodeSubjects(c.COREX_SUBJECT_PREFIX).heartbeat);
    const engine = new ReputationEngine(
      this.log,
      { minIntervalMs: c.REPUTATION_MIN_INTERVAL_MS, suspendMs: c.REPUTATION_SUSPEND_MS },
      this.logger,
      state.last_seq,
      () => this.startWindows(),
    );
    this.engine = engine;
    // An ordered consumer from this process's own position: every start replays the log from the start.
    this.consumer = this.log.consumer(
      { filter: '>', resumeAfter: async () => engine.position, onFailure: (err) => this.logger.error({ err }, 'reputation consumer failed') },
      (events) => engine.handle(events),
    );
    this.consumer.start();
    await engine.finishReplayIfDone();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutDown = true;
    clearInterval(this.windows);
    await this.consumer?.stop();
    await this.heartbeats?.close();
    await this.engine?.idle();
  }

  private startWindows(): void {
    // The replay may finish after a shutdown began: no window timer then, or it would outlive the service.
    if (this.shutDown) return;
    // Coverage counts from now: heartbeats heard while replaying fall in the first window.
    this.heartbeats?.closeWindow();
    this.windows = setInterval(() => {
      const window = this.heartbeats!.closeWindow();
      this.engine!.observe(window).catch((err: unknown) => this.logger.error({ err }, 'uptime window failed'));
    }, this.config.REPUTATION_UPTIME_WINDOW_MS);
    this.windows.unref();
  }
}
