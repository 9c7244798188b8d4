import { MAX_CLOCK_SKEW_MS } from '@corex/node-protocol';

/**
 * Nonces of accepted node messages, remembered for as long as the message could be accepted
 * again. A message is fresh while `issuedAt` is within MAX_CLOCK_SKEW_MS (5 min) of the clock,
 * so a nonce must be kept at most 2 × 5 min after it was seen. Three rotating generations of
 * 5 min each cover that; memory is bounded by `maxEntries` (then new messages are refused, not
 * old nonces forgotten: forgetting would let a replay through).
 */
export class NonceRegistry {
  private generations: Set<string>[] = [new Set(), new Set(), new Set()];
  private rotatedAt: number;

  constructor(
    now: number,
    private readonly maxEntries = 1_000_000,
    private readonly generationMs = MAX_CLOCK_SKEW_MS,
  ) {
    this.rotatedAt = now;
  }

  /** 'fresh' (now remembered), 'replayed', or 'full' (too many nonces in the window). */
  remember(nodeId: string, nonce: string, now: number): 'fresh' | 'replayed' | 'full' {
    this.rotate(now);
    const key = `${nodeId}:${nonce}`;
    if (this.generations.some((g) => g.has(key))) return 'replayed';
    if (this.size >= this.maxEntries) return 'full';
    this.generations[0]!.add(key);
    return 'fresh';
  }

  get size(): number {
    return this.generations.reduce((sum, g) => sum + g.size, 0);
  }

  private rotate(now: number): void {
    while (now - this.rotatedAt >= this.generationMs) {
      this.generations = [new Set(), this.generations[0]!, this.generations[1]!];
      this.rotatedAt += this.generationMs;
      if (now - this.rotatedAt >= 3 * this.generationMs) this.rotatedAt = now;
    }
  }
}
