import { publicKeyObject, verifyEd25519 } from './ed25519';
import { nodeErrorCodes } from './error-codes';
import { issueSummary, refusalFor, type NodeMessageRefusal } from './refusal';
import { nodeMessageBodyBaseSchema, signedNodeMessageSchema, type NodeMessageBodyBase } from './schemas';
import { signedBytes, signedBytesHash } from './signing';

/** How far `issuedAt` may be from the receiver's clock, either side. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface VerifyNodeMessageOptions {
  /** The receiver's clock; freshness is judged against it. */
  now: Date;
  /** Refuse messages of any other kind (a message signed as one kind is never accepted as another). */
  expectedKind?: string;
  /** Refuse messages from any other node, when the receiver already knows who should be talking. */
  expectedNodeId?: string;
  maxClockSkewMs?: number;
}

export type NodeMessageVerification =
  | { ok: true; kind: string; nodeId: string; body: NodeMessageBodyBase; hash: string; signature: string }
  | NodeMessageRefusal;

/**
 * Checks a received node message: envelope shape, base body fields, that nodeId is a user nkey,
 * the ed25519 signature over the canonical bytes, and freshness, in that order. Never throws;
 * the kind-specific body schema is left to the caller. `hash` is the sha256 of the signed bytes.
 */
export function verifyNodeMessage(message: unknown, options: VerifyNodeMessageOptions): NodeMessageVerification {
  const refuse = refusalFor(message);
  const envelope = signedNodeMessageSchema.safeParse(message);
  if (!envelope.success) return refuse(nodeErrorCodes.MALFORMED, `not a signed node message: ${issueSummary(envelope.error)}`);
  const { kind, body, signature } = envelope.data;
  if (options.expectedKind && kind !== options.expectedKind) {
    return refuse(nodeErrorCodes.MALFORMED, `expected a ${options.expectedKind} message, got ${kind}`);
  }
  const base = nodeMessageBodyBaseSchema.safeParse(body);
  if (!base.success) return refuse(nodeErrorCodes.MALFORMED, `invalid message body: ${issueSummary(base.error)}`);
  const { nodeId, issuedAt } = base.data;

  const key = publicKeyOf(nodeId);
  if (!key) return refuse(nodeErrorCodes.MALFORMED, 'nodeId is not a valid nkey');
  if (!nodeId.startsWith('U')) return refuse(nodeErrorCodes.ID_MISMATCH, 'nodeId is not a node (user) key');
  if (options.expectedNodeId && nodeId !== options.expectedNodeId) {
    return refuse(nodeErrorCodes.ID_MISMATCH, 'message is not from the expected node');
  }

  let bytes: Uint8Array;
  try {
    bytes = signedBytes(kind, body);
  } catch (err) {
    return refuse(nodeErrorCodes.MALFORMED, (err as Error).message);
  }
  if (!signatureVerifies(key, bytes, signature)) {
    return refuse(nodeErrorCodes.SIGNATURE_INVALID, 'signature does not verify against nodeId');
  }

  const skewMs = Math.abs(options.now.getTime() - Date.parse(issuedAt));
  if (skewMs > (options.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS)) {
    return refuse(nodeErrorCodes.STALE, `issuedAt ${issuedAt} is ${Math.round(skewMs / 1000)} s from the network's clock`);
  }
  return { ok: true, kind, nodeId, body: base.data, hash: signedBytesHash(kind, body), signature };
}

function publicKeyOf(nodeId: string): string | null {
  try {
    publicKeyObject(nodeId);
    return nodeId;
  } catch {
    return null;
  }
}

function signatureVerifies(nodeId: string, bytes: Uint8Array, signature: string): boolean {
  const raw = Buffer.from(signature, 'base64url');
  // Buffer's decoder ignores stray bits and characters: accept only the one canonical encoding.
  if (raw.length !== 64 || raw.toString('base64url') !== signature) return false;
  try {
    return verifyEd25519(nodeId, bytes, raw);
  } catch {
    return false;
  }
}
