import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { SchedulerConfig } from '../config';
import { JobCoordinator } from '../coordination/job-coordinator';
import { LeaderElection } from '../leadership/leader-election';
import { LeaderLease } from '../leadership/leader-lease';
import type { BoundedAudit } from '../node-gate/bounded-audit';
import { NodeGate } from '../node-gate/node-gate';
import { EventFeed } from '../runtime/event-feed';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import type { SchedulerOps } from '../ops/scheduler-ops';
import { EVENT_LOG, LOGGER, REFUSAL_AUDIT, SCHEDULER_CONFIG, SCHEDULER_OPS, SCHEDULER_RUNTIME } from '../tokens';
import { HeartbeatListener } from './heartbeat.listener';
import { LeaseSweeper } from './lease-sweeper';
import { LeaveHandler } from './leave.handler';
import { NodeRequestServer } from './node-request-server';
import { CommitHandler } from './commit.handler';
import { ReleaseHandler } from './release.handler';
import { ReplicaPlanner } from './replica-planner';
import { ResultHandler } from './result.handler';
import { TaskSealer, loadSealingSecret } from './task-sealer';
import { WorkRequestHandler } from './work-request.handler';
import { releaseEvictedLeases } from './evicted-leases';
import { endCancelledLeases } from './cancelled-leases';
import { PrivateDatasetHandler } from '../federated/private-dataset.handler';

const QUEUE = 'scheduler';

/** What runs while this process is the leader. */
interface Term {
  /** Set the moment the lease is lost, before the stand-down runs. */
  revoked?: boolean;
  epoch: number;
  coordinator: JobCoordinator;
  feed: EventFeed;
  servers: NodeRequestServer[];
  heartbeats?: HeartbeatListener;
  sweeper?: LeaseSweeper;
}

/**
 * Wires the work protocol behind the leader lease: only the holder rebuilds the state from the
 * log, serves work, results, releases and leaves, listens to heartbeats, sweeps leases and
 * coordinates jobs. Another scheduler waits as a standby and takes over when the lease lapses.
 */
@Injectable()
export class WorkService implements OnApplicationBootstrap, OnModuleDestroy {
  private election?: LeaderElection;
  private term?: Term;
  private readonly gate: NodeGate;
  private sealer?: TaskSealer;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_RUNTIME) private readonly runtime: SchedulerRuntime,
    @Inject(REFUSAL_AUDIT) private readonly audit: BoundedAudit,
    @Inject(SCHEDULER_OPS) private readonly ops: SchedulerOps,
  ) {
    this.gate = new NodeGate({ ratePerSecond: config.COREX_NODE_RATE_PER_S, burst: config.COREX_NODE_RATE_BURST, maxNonces: config.COREX_NONCE_MEMORY });
  }

  /** Whether this process holds the leader lease and serves. */
  get isLeader(): boolean {
    return this.term !== undefined;
  }

  /** Refusals audited and dropped (over the audit rate) so far. */
  get auditCounters(): { recorded: number; dropped: number } {
    return { ...this.audit.counters };
  }

  async onApplicationBootstrap(): Promise<void> {
    const secret = await loadSealingSecret(this.config.COREX_SEALING_SECRET_FILE, this.logger);
    this.sealer = new TaskSealer(secret, () => this.log.blobs(), () => this.log.taskBlobs());
    const lease = await LeaderLease.open(this.log.nc, this.config.COREX_SUBJECT_PREFIX, `scheduler-${randomUUID()}`, this.config.COREX_LEADER_TTL_MS);
    this.election = new LeaderElection(lease, this.config.COREX_LEADER_TTL_MS, { onElected: (epoch) => this.serve(epoch), onDeposed: () => this.standDown(), onDeposing: () => this.revoke() }, this.logger);
    await this.election.start();
    if (!this.isLeader) this.logger.info('scheduler standing by: another holds the leader lease');
  }

  async onModuleDestroy(): Promise<void> {
    await this.election?.stop();
  }

  /** Elected: rebuild from the log under the new epoch, then serve. */
  private async serve(epoch: number): Promise<void> {
    this.runtime.reset();
    this.runtime.epoch = epoch;
    const coordinator = new JobCoordinator(this.runtime, this.logger, undefined, { preparedJobs: this.config.COREX_PREPARED_JOBS, maxAdvanceFailures: this.config.COREX_MAX_ADVANCE_FAILURES });
    this.runtime.onJobChanged = (jobId) => coordinator.poke(jobId);
    const feed = new EventFeed(this.log, this.runtime, this.logger);
    const term: Term = { epoch, coordinator, feed, servers: [] };
    this.term = term;
    await feed.start();
    // Deposed while replaying: stand-down (queued behind this start-up) closes what was started.
    if (term.revoked) return;
    this.runtime.active = true;
    coordinator.resumeAll();
    this.runtime.onNodeEvicted = (nodeId) => void releaseEvictedLeases(this.runtime, this.logger, nodeId);
    this.runtime.onLeasesCancelled = (ended) => void endCancelledLeases(this.runtime, this.logger, ended);
    // Evicted while no scheduler led (or before the ends were recorded): take their leases back now.
    for (const nodeId of this.runtime.state.trust.evictedNodes()) {
      if (this.runtime.state.leasesOf(nodeId).length) void releaseEvictedLeases(this.runtime, this.logger, nodeId);
    }
    const trust = this.runtime.state.trust.counts(Date.now());
    if (trust.evicted || trust.suspended) this.logger.info(trust, 'nodes held back by the reputation service');

    const subjects = nodeSubjects(this.config.COREX_SUBJECT_PREFIX);
    const work = new WorkRequestHandler(this.runtime, this.audit, this.gate, this.sealer!, this.logger, this.config.COREX_WORK_LONG_POLL_MS);
    const replicas = new ReplicaPlanner(this.runtime, this.logger);
    this.runtime.onEscalated = (escalation) => void replicas.afterEscalation(escalation);
    const commit = new CommitHandler(this.runtime, this.audit, this.gate, this.logger);
    const result = new ResultHandler(this.runtime, coordinator, this.audit, this.gate, this.logger, this.config.COREX_REPLICA_WAIT_MS);
    const release = new ReleaseHandler(this.runtime, this.audit, this.gate, this.logger);
    const leave = new LeaveHandler(this.runtime, this.audit, this.gate, this.logger);
    await this.listen(term, subjects.work, (m) => work.handle(m));
    await this.listen(term, subjects.commit, (m) => commit.handle(m));
    await this.listen(term, subjects.result, (m) => result.handle(m));
    await this.listen(term, subjects.release, (m) => release.handle(m));
    await this.listen(term, subjects.leave, (m) => leave.handle(m));
    const privateDataset = new PrivateDatasetHandler(this.runtime, this.audit, this.gate, this.logger);
    await this.listen(term, subjects.privateDataset, (m) => privateDataset.handle(m));
    term.heartbeats = new HeartbeatListener(this.log, this.runtime, this.logger);
    await term.heartbeats.listen(subjects.heartbeat);
    term.sweeper = new LeaseSweeper(this.runtime, this.logger, (reason) => this.ops.leaseEnded(reason));
    term.sweeper.start(this.config.COREX_SWEEP_INTERVAL_MS);
    this.logger.info({ subjects, epoch }, 'scheduler ready: serving work');
  }

  /** The term ended: no append from now on, even by a start-up still under way. */
  private revoke(): void {
    if (this.term) this.term.revoked = true;
    this.runtime.active = false;
  }

  /** Deposed or closing: stop acting at once (no more appends), then close everything of the term. */
  private async standDown(): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    this.runtime.active = false;
    term.coordinator.stop();
    this.runtime.notifyWork();
    await Promise.all(term.servers.map((s) => s.close()));
    await term.heartbeats?.close();
    await term.sweeper?.stop();
    await term.feed.stop();
    this.runtime.reset();
    this.logger.info({ epoch: term.epoch }, 'scheduler stopped serving');
  }

  private async listen(term: Term, subject: string, handler: (message: unknown) => Promise<unknown>): Promise<void> {
    const server = new NodeRequestServer(this.log, this.logger);
    await server.serve(subject, QUEUE, handler);
    term.servers.push(server);
  }
}
