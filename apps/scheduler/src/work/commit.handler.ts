import { nodeErrorCodes, verifyCommit, type CommitReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import { decideCommit } from '@corex/scheduler-domain';
import type { NodeGate } from '../node-gate/node-gate';
import { AppendConflict, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import { gateRefusal, leaseRefusal, refuseAndAudit, refuseUnverified, unavailable, type Audit, type Reply } from './refusals';

/**
 * A node commits to its result under its open lease (docs/node-protocol.md, "Commit-reveal"):
 * recorded as `ResultCommitted` on the fragment. The same commitment again is ok (a retry, also
 * the identical message after a lost reply); a different one for that lease is refused.
 */
export class CommitHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<CommitReply | Reply> {
    const now = Date.now();
    const verified = verifyCommit(message, { now: new Date(now) });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'commit');
    const body = verified.body;
    // A repeated commit is harmless: a lease takes one commitment, recorded once.
    const refused = await gateRefusal(this.gate, this.audit, this.logger, body, 'commit', await this.runtime.knowsNode(body.nodeId), true);
    if (refused) return refused;
    try {
      return await this.runtime.withFragment(body.fragmentId, async () => {
        const decision = decideCommit(this.runtime.state, { ...body, now });
        if (!decision.ok) return this.refusal(body.nodeId, decision.code);
        if (decision.event) await this.runtime.recordFragment(decision.event, now);
        return { ok: true as const };
      });
    } catch (err) {
      if (err instanceof AppendConflict) return unavailable();
      this.logger.warn({ err, fragmentId: body.fragmentId }, 'commitment not recorded; answered UNAVAILABLE');
      return unavailable();
    }
  }

  private refusal(nodeId: string, code: string): Promise<Reply> {
    const reply: Reply =
      code === 'COMMIT.ALREADY_COMMITTED'
        ? { ok: false, code: nodeErrorCodes.ALREADY_COMMITTED, message: 'another commitment is recorded for this lease' }
        : leaseRefusal(code);
    return refuseAndAudit(this.audit, this.logger, nodeId, 'commit', reply);
  }
}
