import { NodeLeft, subjects } from '@corex/events';
import { WrongExpectedVersionError } from '@corex/eventstore';
import { verifyLeave, type ResultReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import { decideLeave, evolveScheduler, SchedulerLeaseRefused } from '@corex/scheduler-domain';
import type { NodeGate } from '../node-gate/node-gate';
import { AppendConflict, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import { gateRefusal, refuseUnverified, unavailable, type Audit, type Reply } from './refusals';

/**
 * A node leaves (`<prefix>.node.v1.leave`): its open leases end at once as `released` (not
 * charged, the fragments are requeued ahead of newer work), then `NodeLeft` is recorded and the
 * node gets no work until it registers again. Leaving twice, or without leases, is fine.
 */
export class LeaveHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<ResultReply | Reply> {
    const verified = verifyLeave(message, { now: new Date() });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'leave');
    // A node the network does not know (never joined, or left already) has nothing to leave.
    if (!(await this.runtime.knowsNode(verified.body.nodeId))) return { ok: true };
    const refused = await gateRefusal(this.gate, this.audit, this.logger, verified.body, 'leave', true);
    if (refused) return refused;
    const { nodeId, reason } = verified.body;
    const { ended, left } = decideLeave(this.runtime.state, { nodeId, now: Date.now(), reason });
    try {
      for (const event of ended) {
        await this.runtime.withFragment(event.data.fragmentId, async () => {
          if (this.runtime.state.fragment(event.data.fragmentId)?.lease?.leaseId === event.data.leaseId) await this.runtime.recordFragment(event);
        });
      }
      await this.recordLeft(nodeId, left);
    } catch (err) {
      if (err instanceof AppendConflict || err instanceof SchedulerLeaseRefused) return unavailable();
      throw err;
    }
    this.logger.info({ nodeId, reason, released: ended.length }, 'node left');
    return { ok: true };
  }

  /** Appends NodeLeft to the node's aggregate (its version read directly: one lookup), then evolves it. */
  private async recordLeft(nodeId: string, left: ReturnType<typeof decideLeave>['left']): Promise<void> {
    const relative = subjects.node(nodeId);
    for (let attempt = 1; ; attempt++) {
      const last = await this.runtime.log.jsm.streams.getMessage(this.runtime.log.store.names.stream, { last_by_subj: this.runtime.log.store.subjectOf(relative) }).catch(() => null);
      try {
        await this.runtime.append(relative, [left], last?.seq ?? 0);
        break;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= 3) throw err;
      }
    }
    evolveScheduler(this.runtime.state, { type: NodeLeft.type, data: left.data }, { now: Date.now(), leaseTtlMs: 0 });
  }
}
