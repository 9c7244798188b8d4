import { verifyRelease, type ResultReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { RejectionAudit } from '../register-node/rejection-audit';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { recordLeaseEnded } from './lease-ended';
import { leaseRefusal, refuseAndAudit, refuseUnverified } from './refusals';

/** A node gives a lease back (shutdown or execution error): the fragment is requeued at once. */
export class ReleaseHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Pick<RejectionAudit, 'record'>,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<ResultReply> {
    const now = new Date();
    const verified = verifyRelease(message, { now });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'release');
    const { fragmentId, leaseId, nodeId, reason, error } = verified.body;
    const released = this.runtime.state.release(fragmentId, leaseId, nodeId, now.getTime(), reason === 'error' ? 'failed' : 'released');
    if (!released.ok) return refuseAndAudit(this.audit, this.logger, nodeId, 'release', leaseRefusal(released.code));
    await recordLeaseEnded(this.runtime, released.ended, now);
    this.logger.info({ fragmentId, nodeId, reason, error }, 'lease released by node');
    return { ok: true };
  }
}
