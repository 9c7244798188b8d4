import { subjects } from '@corex/events';
import { WrongExpectedVersionError } from '@corex/eventstore';
import { verifyPrivateDataset, type PrivateDatasetReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { NodeGate } from '../node-gate/node-gate';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { gateRefusal, refuseAndAudit, refuseUnverified, unavailable, type Audit, type Reply } from '../work/refusals';
import { decidePrivateDataset, federationMembers } from './federation-members';

const MAX_ATTEMPTS = 3;

/**
 * A node registers or withdraws a private dataset (`<prefix>.node.v1.private-dataset`): checked,
 * decided against the federation's members read from the log, appended to `federation.<name>`
 * with optimistic concurrency (two nodes joining at once are decided one after the other).
 */
export class PrivateDatasetHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<PrivateDatasetReply | Reply> {
    const now = new Date();
    const verified = verifyPrivateDataset(message, { now });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'private-dataset');
    const body = verified.body;
    const refused = await gateRefusal(this.gate, this.audit, this.logger, body, 'private-dataset', await this.runtime.knowsNode(body.nodeId));
    if (refused) return refused;
    const relative = subjects.federation(body.federation);
    for (let attempt = 1; ; attempt++) {
      const { version, events } = await this.runtime.log.store.read(relative);
      const decision = decidePrivateDataset(federationMembers(events.map((e) => e.event)), body, now);
      if (!decision.ok) return refuseAndAudit(this.audit, this.logger, body.nodeId, 'private-dataset', { ok: false, code: decision.code, message: decision.message });
      try {
        await this.runtime.append(relative, [decision.event], version);
        this.logger.info({ nodeId: body.nodeId, federation: body.federation, action: body.action, rows: body.rows }, 'private dataset recorded');
        return { ok: true };
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) {
          this.logger.warn({ err, federation: body.federation }, 'private dataset could not be recorded');
          return unavailable();
        }
      }
    }
  }
}
