import { nodeErrorCodes, type NodeMessageRefusal } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { RejectionAudit } from '../register-node/rejection-audit';

export type Reply = { ok: false; code: string; message: string };

/** Lease refusals as the node protocol names them. */
export function leaseRefusal(code: string): Reply {
  if (code === 'LEASE.STALE' || code === 'LEASE.EXPIRED') {
    return { ok: false, code: nodeErrorCodes.LEASE_STALE, message: `the lease is no longer valid (${code})` };
  }
  return { ok: false, code: nodeErrorCodes.NOT_LEASED, message: `the fragment is not leased to this node under this lease (${code})` };
}

/** Replies with a refusal and records it as a NodeMessageRejected event for audit. */
export async function refuseAndAudit(
  audit: Pick<RejectionAudit, 'record'>,
  logger: Logger,
  claimedNodeId: string,
  messageKind: string,
  reply: Reply,
): Promise<Reply> {
  logger.warn({ claimedNodeId, messageKind, code: reply.code }, 'node message refused');
  await audit.record({ claimedNodeId, messageKind, code: reply.code, reason: reply.message, rejectedAt: new Date() }).catch((err) => {
    logger.error({ err }, 'refusal could not be audited');
  });
  return reply;
}

/** Audits a message that failed verification (signature, schema, freshness). */
export function refuseUnverified(audit: Pick<RejectionAudit, 'record'>, logger: Logger, refusal: NodeMessageRefusal, kind: string): Promise<Reply> {
  const reply: Reply = { ok: false, code: refusal.code, message: refusal.message };
  return refuseAndAudit(audit, logger, refusal.claimedNodeId || 'unknown', refusal.kind || kind, reply);
}
