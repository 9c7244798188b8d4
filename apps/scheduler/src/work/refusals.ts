import { nodeErrorCodes, type NodeMessageRefusal } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { Rejection } from '../register-node/rejection-audit';
import type { GateRefusal, NodeGate } from '../node-gate/node-gate';

export type Reply = { ok: false; code: string; message: string; retryAfterMs?: number };
export type Audit = { record(rejection: Rejection): Promise<void> };

/** Lease refusals as the node protocol names them. */
export function leaseRefusal(code: string): Reply {
  if (code === 'LEASE.STALE' || code === 'LEASE.EXPIRED') {
    return { ok: false, code: nodeErrorCodes.LEASE_STALE, message: `the lease is no longer valid (${code})` };
  }
  return { ok: false, code: nodeErrorCodes.NOT_LEASED, message: `the fragment is not leased to this node under this lease (${code})` };
}

/** Replies with a refusal and records it as a NodeMessageRejected event for audit (at a bounded rate, see BoundedAudit). */
export async function refuseAndAudit(audit: Audit, logger: Logger, claimedNodeId: string, messageKind: string, reply: Reply): Promise<Reply> {
  logger.warn({ claimedNodeId, messageKind, code: reply.code }, 'node message refused');
  await audit.record({ claimedNodeId, messageKind, code: reply.code, reason: reply.message, rejectedAt: new Date() }).catch((err) => {
    logger.error({ err }, 'refusal could not be audited');
  });
  return reply;
}

/** Audits a message that failed verification (signature, schema, freshness). */
export function refuseUnverified(audit: Audit, logger: Logger, refusal: NodeMessageRefusal, kind: string): Promise<Reply> {
  const reply: Reply = { ok: false, code: refusal.code, message: refusal.message };
  return refuseAndAudit(audit, logger, refusal.claimedNodeId || 'unknown', refusal.kind || kind, reply);
}

/**
 * Rate limit and replay check of a verified message: the refusal (audited) or null. A node the
 * network does not know is refused before the gate: anyone can mint keys, and each message of a
 * fresh key would otherwise take a place in the nonce memory that real nodes need.
 */
export async function gateRefusal(
  gate: NodeGate,
  audit: Audit,
  logger: Logger,
  body: { nodeId: string; nonce: string },
  kind: string,
  known: boolean,
  /** Commit and result: a repeated message is judged by the commit-reveal rules (it counts once per lease), not refused as a replay. */
  repeatable = false,
): Promise<Reply | null> {
  if (!known) return refuseAndAudit(audit, logger, body.nodeId, kind, { ok: false, code: nodeErrorCodes.UNKNOWN_NODE, message: 'join the network first' });
  const refused: GateRefusal | null = gate.admit(body);
  if (refused?.code === nodeErrorCodes.REPLAYED && repeatable) return null;
  return refused ? refuseAndAudit(audit, logger, body.nodeId, kind, refused) : null;
}

/** The network could not record the decision now (append failed or conflicted): nothing changed, retrying may succeed. */
export function unavailable(): Reply {
  return { ok: false, code: nodeErrorCodes.UNAVAILABLE, message: 'the network could not record this now; retry later' };
}
