import { FragmentAssigned } from '@corex/events';
import { nodeErrorCodes, verifyWorkRequest, type Assignment as WireAssignment, type WorkReply } from '@corex/node-protocol';
import { CorexError, type Logger } from '@corex/platform';
import type { Assignment } from '@corex/scheduler-domain';
import type { RejectionAudit } from '../register-node/rejection-audit';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { refuseAndAudit, refuseUnverified } from './refusals';

/** When the long poll found nothing: ask again at once (the wait already happened here). */
export const IDLE_RETRY_MS = 0;

/** A node asks for work: match, record each assignment with its lease, answer with the tasks. */
export class WorkRequestHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Pick<RejectionAudit, 'record'>,
    private readonly logger: Logger,
    /** A request that finds no work is held this long for work to arrive (long poll). */
    private readonly longPollMs = 0,
  ) {}

  async handle(message: unknown): Promise<WorkReply> {
    const now = new Date();
    const verified = verifyWorkRequest(message, { now });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'work-request');
    const { nodeId, freeMemoryBytes, slots } = verified.body;
    let decided: Assignment[];
    try {
      decided = this.runtime.state.requestWork({ nodeId, freeMemoryBytes, slots, now: now.getTime() });
      if (!decided.length && this.longPollMs > 0) {
        await this.runtime.waitForWork(this.longPollMs);
        decided = this.runtime.state.requestWork({ nodeId, freeMemoryBytes, slots, now: Date.now() });
      }
    } catch (err) {
      if (err instanceof CorexError && err.code === 'SCHEDULER.NODE_UNKNOWN') {
        return refuseAndAudit(this.audit, this.logger, nodeId, 'work-request', { ok: false, code: nodeErrorCodes.UNKNOWN_NODE, message: 'join the network first' });
      }
      throw err;
    }
    const recorded = await Promise.all(decided.map((a) => this.record(a, now)));
    const assignments = recorded.filter((a): a is WireAssignment => a !== null);
    return { ok: true, assignments, retryAfterMs: assignments.length ? 0 : IDLE_RETRY_MS };
  }

  /** Appends FragmentAssigned; a lease the log did not take is given back at once. */
  private async record({ fragment, lease, score }: Assignment, now: Date): Promise<WireAssignment | null> {
    const task = this.runtime.tasks.get(fragment.fragmentId)!;
    const leaseExpiresAt = new Date(lease.expiresAt).toISOString();
    const event = {
      type: FragmentAssigned.type,
      id: `assigned-${lease.leaseId}`,
      data: {
        fragmentId: fragment.fragmentId,
        jobId: fragment.jobId,
        nodeId: lease.nodeId,
        leaseId: lease.leaseId,
        attempt: lease.attempt,
        score: { ...score },
        assignedAt: now.toISOString(),
        leaseExpiresAt,
      },
    };
    try {
      await this.runtime.appendToFragment(fragment.fragmentId, event);
    } catch (err) {
      this.logger.error({ err, fragmentId: fragment.fragmentId }, 'assignment not recorded; fragment requeued');
      this.runtime.state.endLease(lease.leaseId, 'failed');
      return null;
    }
    return { fragmentId: fragment.fragmentId, jobId: fragment.jobId, leaseId: lease.leaseId, leaseExpiresAt, task };
  }
}
