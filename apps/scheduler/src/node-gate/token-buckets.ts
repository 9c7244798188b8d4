/**
 * Token buckets by key (`ratePerSecond` refill, `burst` capacity), at most `maxKeys` of them: the
 * least recently used key is dropped first. A dropped key comes back with a full bucket, which
 * it would have refilled to anyway unless it was active within `burst / rate` seconds.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key` at `now` (epoch ms); false when it has none left. */
  take(key: string, now: number): boolean {
    return this.retryAfterMs(key, now) === 0;
  }

  /** Takes one token and returns 0, or returns how long until one is available (none taken). */
  retryAfterMs(key: string, now: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    this.buckets.delete(key);
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000);
    bucket.tokens -= 1;
    return 0;
  }

  get size(): number {
    return this.buckets.size;
  }
}
