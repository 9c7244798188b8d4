import { TooManyRequestsError } from './http-errors';

export interface RateLimitOptions {
  /** Requests a key may make at once after being idle. */
  burst: number;
  /** Tokens added back per second. */
  perSecond: number;
  now?: () => number;
}

/** What the RateLimit-* response headers tell a client about its key's bucket. */
export interface RateLimitState {
  /** Requests at once after being idle (the burst). */
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per API key, in this process: several marketplace instances each count
 * separately, so a key gets up to (instances × limit) in total. A shared store (NATS KV,
 * Redis) is the way to one network-wide budget.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token for `key` and returns what is left, or throws RATE.LIMITED with the seconds until one is back. */
  take(key: string): RateLimitState {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return this.stateOf(bucket);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
    throw new TooManyRequestsError('RATE.LIMITED', `too many requests for this API key; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  /** The bucket of `key` without taking from it. */
  state(key: string): RateLimitState {
    return this.stateOf(this.refilled(key, this.now()));
  }

  private stateOf(bucket: Bucket): RateLimitState {
    const { burst, perSecond } = this.options;
    return { limit: burst, remaining: Math.floor(bucket.tokens), resetSeconds: Math.ceil((burst - bucket.tokens) / perSecond) };
  }

  private refilled(key: string, now: number): Bucket {
    const { burst, perSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return bucket;
  }

  /** A bucket that has refilled is the same as no bucket: dropping it bounds memory. */
  private forgetFull(now: number): void {
    const { burst, perSecond } = this.options;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) this.buckets.delete(key);
    }
  }
}

/** Concurrent long-lived responses (SSE streams) per key, capped. */
export class ConcurrencySlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `key` and returns its release (idempotent), or throws RATE.TOO_MANY_STREAMS. */
  acquire(key: string): () => void {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) {
      throw new TooManyRequestsError('RATE.TOO_MANY_STREAMS', `at most ${this.max} concurrent event streams per API key`, {
        retryAfterSeconds: 5,
        max: this.max,
      });
    }
    this.open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }
}
