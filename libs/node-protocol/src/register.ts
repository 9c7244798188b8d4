import { nodeErrorCodes } from './error-codes';
import { nodeMessageKinds, registerRequestBodySchema, type RegisterRequestBody } from './schemas';
import { issueSummary, refusalFor, type NodeMessageRefusal } from './refusal';
import { verifyNodeMessage } from './verify';

export type RegisterRequestVerification =
  | { ok: true; nodeId: string; body: RegisterRequestBody; hash: string; signature: string }
  | NodeMessageRefusal;

/**
 * Checks a received `register` message: everything `verifyNodeMessage` checks, then the register
 * body schema. Never throws.
 */
export function verifyRegisterRequest(message: unknown, options: { now: Date }): RegisterRequestVerification {
  const verified = verifyNodeMessage(message, { now: options.now, expectedKind: nodeMessageKinds.register });
  if (!verified.ok) return verified;
  const body = registerRequestBodySchema.safeParse(verified.body);
  if (!body.success) return refusalFor(message)(nodeErrorCodes.MALFORMED, `invalid register body: ${issueSummary(body.error)}`);
  return { ok: true, nodeId: verified.nodeId, body: body.data, hash: verified.hash, signature: verified.signature };
}

/** The refusal of a payload that is not even JSON. */
export function notJsonRefusal(): NodeMessageRefusal {
  return refusalFor(undefined)(nodeErrorCodes.MALFORMED, 'payload is not JSON');
}
