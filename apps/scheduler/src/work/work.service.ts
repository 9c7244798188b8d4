import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { SchedulerConfig } from '../config';
import { JobCoordinator } from '../coordination/job-coordinator';
import { RejectionAudit } from '../register-node/rejection-audit';
import { EventFeed } from '../runtime/event-feed';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { EVENT_LOG, LOGGER, SCHEDULER_CONFIG, SCHEDULER_RUNTIME } from '../tokens';
import { HeartbeatListener } from './heartbeat.listener';
import { LeaseSweeper } from './lease-sweeper';
import { NodeRequestServer } from './node-request-server';
import { ReleaseHandler } from './release.handler';
import { ResultHandler } from './result.handler';
import { WorkRequestHandler } from './work-request.handler';

const QUEUE = 'scheduler';

/**
 * Wires the work protocol: rebuild the state from the log, then serve work requests, results,
 * releases and heartbeats, and sweep leases. Single instance per network for now (see ADR 0004).
 */
@Injectable()
export class WorkService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly servers: NodeRequestServer[] = [];
  private feed?: EventFeed;
  private heartbeats?: HeartbeatListener;
  private sweeper?: LeaseSweeper;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_RUNTIME) private readonly runtime: SchedulerRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const coordinator = new JobCoordinator(this.runtime, this.logger);
    this.runtime.onJobChanged = (jobId) => coordinator.poke(jobId);
    this.feed = new EventFeed(this.log, this.runtime, this.logger);
    await this.feed.start();
    coordinator.resumeAll();

    const audit = new RejectionAudit(this.log);
    const subjects = nodeSubjects(this.config.COREX_SUBJECT_PREFIX);
    const work = new WorkRequestHandler(this.runtime, audit, this.logger, this.config.COREX_WORK_LONG_POLL_MS);
    const result = new ResultHandler(this.runtime, coordinator, audit, this.logger);
    const release = new ReleaseHandler(this.runtime, audit, this.logger);
    await this.serve(subjects.work, (m) => work.handle(m));
    await this.serve(subjects.result, (m) => result.handle(m));
    await this.serve(subjects.release, (m) => release.handle(m));
    this.heartbeats = new HeartbeatListener(this.log, this.runtime, this.logger);
    await this.heartbeats.listen(subjects.heartbeat);
    this.sweeper = new LeaseSweeper(this.runtime, this.logger);
    this.sweeper.start(this.config.COREX_SWEEP_INTERVAL_MS);
    this.logger.info({ subjects }, 'scheduler ready: serving work');
  }

  async onModuleDestroy(): Promise<void> {
    this.runtime.notifyWork();
    await Promise.all(this.servers.map((s) => s.close()));
    await this.heartbeats?.close();
    await this.sweeper?.stop();
    await this.feed?.stop();
  }

  private async serve(subject: string, handler: (message: unknown) => Promise<unknown>): Promise<void> {
    const server = new NodeRequestServer(this.log, this.logger);
    await server.serve(subject, QUEUE, handler);
    this.servers.push(server);
  }
}
