import type { z } from 'zod';
import type { NodeErrorCode } from './error-codes';

/** Why a node message was refused, with what it claimed to be (for the audit trail). */
export interface NodeMessageRefusal {
  ok: false;
  code: NodeErrorCode;
  message: string;
  /** The body's nodeId as sent (at most 128 chars), '' when there was none. */
  claimedNodeId: string;
  kind: string;
}

/** Builds refusals of one received message, carrying whatever it claimed to be. */
export function refusalFor(message: unknown): (code: NodeErrorCode, text: string) => NodeMessageRefusal {
  const claimed = (message ?? {}) as { kind?: unknown; body?: { nodeId?: unknown } };
  const claimedNodeId = typeof claimed.body?.nodeId === 'string' ? claimed.body.nodeId.slice(0, 128) : '';
  const kind = typeof claimed.kind === 'string' ? claimed.kind.slice(0, 64) : '';
  return (code, text) => ({ ok: false, code, message: text.slice(0, 500), claimedNodeId, kind });
}

export function issueSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`)
    .join('; ');
}
