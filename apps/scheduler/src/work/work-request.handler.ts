import { nodeErrorCodes, verifyWorkRequest, type Assignment as WireAssignment, type WorkReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { AssignedEvent } from '@corex/scheduler-domain';
import type { NodeGate } from '../node-gate/node-gate';
import { AppendConflict, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import type { TaskSealer } from './task-sealer';
import { WorkRounds } from './work-rounds';
import { ReplicaPlanner } from './replica-planner';
import { gateRefusal, refuseAndAudit, refuseUnverified, type Audit, type Reply } from './refusals';

/** When the long poll found nothing: ask again at once (the wait already happened here). */
export const IDLE_RETRY_MS = 0;
/** While a challenge is open: the node answers it to the verifier, then asks again. */
export const CHALLENGE_RETRY_MS = 1_000;

/**
 * A node asks for work: decide leases (no state change), record each `FragmentAssigned`, then
 * evolve it. An assignment the log did not take is simply not given: its fragment stays queued
 * and nobody is charged for it.
 */
export class WorkRequestHandler {
  private readonly rounds: WorkRounds;
  private readonly replicas: ReplicaPlanner;

  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly sealer: TaskSealer,
    private readonly logger: Logger,
    /** A request that finds no work is held this long for work to arrive (long poll). */
    private readonly longPollMs = 0,
  ) {
    this.rounds = new WorkRounds(runtime);
    this.replicas = new ReplicaPlanner(runtime, logger);
  }

  async handle(message: unknown): Promise<WorkReply | Reply> {
    const verified = verifyWorkRequest(message, { now: new Date() });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'work-request');
    if (this.runtime.state.trust.isEvicted(verified.body.nodeId)) {
      return refuseAndAudit(this.audit, this.logger, verified.body.nodeId, 'work-request', { ok: false, code: nodeErrorCodes.EVICTED, message: 'this node was evicted for fraud' });
    }
    const refused = await gateRefusal(this.gate, this.audit, this.logger, verified.body, 'work-request', await this.runtime.knowsNode(verified.body.nodeId));
    if (refused) return refused;
    const { nodeId, freeMemoryBytes, slots } = verified.body;
    this.runtime.state.heartbeat(nodeId, Date.now());
    const blocked = this.blockedReply(nodeId);
    if (blocked) return blocked;
    let assignments = await this.assign(nodeId, freeMemoryBytes, slots);
    if (!assignments.length && this.longPollMs > 0) {
      await this.runtime.waitForWork(this.longPollMs);
      if (this.runtime.state.hasNode(nodeId)) assignments = await this.assign(nodeId, freeMemoryBytes, slots);
    }
    return { ok: true, assignments, retryAfterMs: assignments.length ? 0 : IDLE_RETRY_MS };
  }

  /** A suspended node, or one owing a challenge answer, gets nothing new (its open leases run on). */
  private blockedReply(nodeId: string): WorkReply | undefined {
    const now = Date.now();
    const block = this.runtime.state.workBlock(nodeId, now);
    if (!block || block.reason === 'evicted') return undefined;
    if (block.reason === 'suspended') return { ok: true, assignments: [], retryAfterMs: Math.max(0, Math.ceil(block.until - now)) };
    return { ok: true, assignments: [], retryAfterMs: CHALLENGE_RETRY_MS, challenge: { challengeId: block.challengeId } };
  }

  private async assign(nodeId: string, freeMemoryBytes: number, slots: number): Promise<WireAssignment[]> {
    // Decided in a round with the requests arriving at the same time (stake-weighted shares).
    const { decided, now, unreserve } = await this.rounds.decide({ nodeId, freeMemoryBytes, slots });
    try {
      if (!decided.length) return [];
      const recorded = await Promise.allSettled(decided.map(({ event }) => this.record(event, now)));
      const given = recorded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = recorded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      if (failed.length) this.logger.warn({ err: failed[0], nodeId, failed: failed.length }, 'assignments not recorded; their fragments stay queued');
      // Nothing could be recorded at all: say so, so the node retries instead of idling.
      if (!given.length) throw failed[0];
      return given;
    } finally {
      unreserve();
    }
  }

  private async record(event: AssignedEvent, now: number): Promise<WireAssignment> {
    const { fragmentId, jobId, leaseId, leaseExpiresAt } = event.data;
    const task = this.runtime.tasks.get(fragmentId)!;
    // Before the record: an assignment whose blobs could not be sealed is not given, and nobody is charged.
    const sealing = await this.sealer.sealingFor(jobId, task);
    await this.runtime.withFragment(fragmentId, () => this.runtime.recordFragment(event, now)).catch((err) => {
      // A timeout may hide an append that landed: that lease, if the feed brings it, ends uncharged.
      if (!(err instanceof AppendConflict)) this.runtime.markUnconfirmed(leaseId);
      throw err;
    });
    await this.replicas.afterAssignment(event, now);
    return { fragmentId, jobId, leaseId, leaseExpiresAt, task, sealing };
  }
}
