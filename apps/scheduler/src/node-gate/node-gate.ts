import { nodeErrorCodes } from '@corex/node-protocol';
import { NonceRegistry } from './nonce-registry';
import { TokenBuckets } from './token-buckets';

export interface NodeGateOptions {
  /** Requests (work, result, release, leave) per node and second, and the burst allowed above it. */
  ratePerSecond: number;
  burst: number;
  /** Nonces remembered at most (see NonceRegistry). */
  maxNonces: number;
}

export type GateRefusal = { ok: false; code: string; message: string; retryAfterMs?: number };

/**
 * What every verified node request passes before it is handled: a per-node rate limit, then
 * replay protection (a nonce is accepted once within the acceptance window). Checked after the
 * signature, so nobody can spend another node's budget or burn its nonces.
 */
export class NodeGate {
  private readonly buckets: TokenBuckets;
  private readonly nonces: NonceRegistry;

  constructor(options: NodeGateOptions, now = Date.now()) {
    this.buckets = new TokenBuckets(options.ratePerSecond, options.burst);
    this.nonces = new NonceRegistry(now, options.maxNonces);
  }

  /** null when the message may be handled; otherwise the refusal to answer. */
  admit(body: { nodeId: string; nonce: string }, now = Date.now()): GateRefusal | null {
    const retryAfterMs = this.buckets.retryAfterMs(body.nodeId, now);
    if (retryAfterMs > 0) return { ok: false, code: nodeErrorCodes.RATE_LIMITED, message: `too many requests from this node; retry in ${retryAfterMs} ms`, retryAfterMs };
    const seen = this.nonces.remember(body.nodeId, body.nonce, now);
    if (seen === 'replayed') return { ok: false, code: nodeErrorCodes.REPLAYED, message: 'this nonce was already used: every message needs a fresh nonce' };
    if (seen === 'full') return { ok: false, code: nodeErrorCodes.RATE_LIMITED, message: 'the network is receiving too many messages; retry later', retryAfterMs: 1000 };
    return null;
  }
}
