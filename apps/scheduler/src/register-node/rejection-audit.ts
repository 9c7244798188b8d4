import { NodeMessageRejected, subjects } from '@corex/events';
import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { sha256Hex } from '@corex/platform';

export interface Rejection {
  claimedNodeId: string;
  messageKind: string;
  code: string;
  reason: string;
  rejectedAt: Date;
}

/** Audit subject of refusals for one claimed node id; hashed because the claim may be any text. */
export function rejectionAuditSubject(claimedNodeId: string): string {
  return subjects.security(`node-${sha256Hex(claimedNodeId).slice(0, 40)}`);
}

const MAX_ATTEMPTS = 3;

/** Records refused node messages as NodeMessageRejected events, one audit subject per claimed id. */
export class RejectionAudit {
  constructor(private readonly log: EventLog) {}

  async record(rejection: Rejection): Promise<void> {
    const subject = rejectionAuditSubject(rejection.claimedNodeId);
    const event = {
      type: NodeMessageRejected.type,
      data: {
        claimedNodeId: rejection.claimedNodeId.slice(0, 128),
        messageKind: rejection.messageKind.slice(0, 64),
        code: rejection.code,
        reason: rejection.reason.slice(0, 500),
        rejectedAt: rejection.rejectedAt.toISOString(),
      },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.log.store.append(subject, [event], await this.currentVersion(subject));
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * One direct lookup instead of EventStore.read: refusals are what an attacker can produce at
   * will, and replaying a growing audit subject per refusal would make each one dearer.
   */
  private async currentVersion(relative: string): Promise<number> {
    const { stream } = this.log.store.names;
    const last = await this.log.jsm.streams.getMessage(stream, { last_by_subj: this.log.store.subjectOf(relative) });
    return last?.seq ?? 0;
  }
}
