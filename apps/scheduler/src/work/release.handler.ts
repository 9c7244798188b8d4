import { verifyRelease, type ResultReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import { decideLeaseEnd, nodeAttemptError, SchedulerLeaseRefused } from '@corex/scheduler-domain';
import type { NodeGate } from '../node-gate/node-gate';
import { AppendConflict, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import { gateRefusal, leaseRefusal, refuseAndAudit, refuseUnverified, unavailable, type Audit, type Reply } from './refusals';

/**
 * A node gives a lease back: at shutdown (`released`, not charged) or after an execution error
 * (`failed`, counted against the fragment, with the node's error: shown to the job's owner).
 * Decide → append → evolve; the fragment is requeued once the end is recorded.
 */
export class ReleaseHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<ResultReply | Reply> {
    const verified = verifyRelease(message, { now: new Date() });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'release');
    const refused = await gateRefusal(this.gate, this.audit, this.logger, verified.body, 'release', await this.runtime.knowsNode(verified.body.nodeId));
    if (refused) return refused;
    const { fragmentId, leaseId, nodeId, reason, error } = verified.body;
    try {
      await this.runtime.withFragment(fragmentId, () => {
        const failed = reason === 'error';
        const ending = { fragmentId, leaseId, nodeId, now: Date.now(), reason: failed ? ('failed' as const) : ('released' as const) };
        const event = decideLeaseEnd(this.runtime.state, { ...ending, error: failed ? nodeAttemptError(error) : null });
        return this.runtime.recordFragment(event);
      });
    } catch (err) {
      if (err instanceof SchedulerLeaseRefused) return refuseAndAudit(this.audit, this.logger, nodeId, 'release', leaseRefusal(err.refusal));
      if (err instanceof AppendConflict) return unavailable();
      throw err;
    }
    this.logger.info({ fragmentId, nodeId, reason, error }, 'lease released by node');
    return { ok: true };
  }
}
