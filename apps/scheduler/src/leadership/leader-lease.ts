import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';

/** What the lease key holds. nats-server 2.9 has no per-key TTL, so the expiry lives in the value. */
export interface LeaderRecord {
  holder: string;
  /** Increases with every new holder: part of lease ids, so two terms never issue the same id. */
  epoch: number;
  /** Epoch ms after which another scheduler may take the lease. */
  expiresAt: number;
}

export interface LeaseTerm {
  epoch: number;
  expiresAt: number;
  revision: number;
}

const KEY = 'scheduler';

/** KV bucket of the scheduler leader lease, one per subject prefix. */
export function leaderBucketName(prefix: string): string {
  return `${prefix}-leader`;
}

/**
 * The scheduler leader lease in JetStream KV: taken by a revision-checked create (nobody held
 * it) or update (the holder's term ran out), and renewed by a revision-checked update. A
 * holder that cannot renew before `expiresAt` must stop acting; another takes the key only after
 * `expiresAt`, so (clocks agreeing within the margin) two never act at once.
 */
export class LeaderLease {
  private constructor(
    private readonly kv: KV,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  static async open(nc: NatsConnection, prefix: string, holder: string, ttlMs: number): Promise<LeaderLease> {
    const kv = await new Kvm(nc).create(leaderBucketName(prefix), { history: 1 });
    return new LeaderLease(kv, holder, ttlMs);
  }

  /** Takes the lease if it is free or lapsed; null when someone else holds it. */
  async tryAcquire(now: number): Promise<LeaseTerm | null> {
    const entry = await this.kv.get(KEY);
    const current = entry && entry.operation === 'PUT' && entry.value.length ? (entry.json() as LeaderRecord) : null;
    if (current && current.holder !== this.holder && current.expiresAt > now) return null;
    const next: LeaderRecord = { holder: this.holder, epoch: (current?.epoch ?? 0) + 1, expiresAt: now + this.ttlMs };
    try {
      const revision = entry ? await this.kv.update(KEY, JSON.stringify(next), entry.revision) : await this.kv.create(KEY, JSON.stringify(next));
      return { epoch: next.epoch, expiresAt: next.expiresAt, revision };
    } catch {
      return null; // someone else wrote the key first
    }
  }

  /** Extends the term; null when the key moved on (another holder took it). */
  async renew(term: LeaseTerm, now: number): Promise<LeaseTerm | null> {
    const next: LeaderRecord = { holder: this.holder, epoch: term.epoch, expiresAt: now + this.ttlMs };
    try {
      const revision = await this.kv.update(KEY, JSON.stringify(next), term.revision);
      return { epoch: term.epoch, expiresAt: next.expiresAt, revision };
    } catch (err) {
      if (isRevisionMismatch(err)) return null;
      throw err;
    }
  }

  /** Gives the lease up at once (clean shutdown), so a standby need not wait for it to lapse. */
  async release(term: LeaseTerm): Promise<void> {
    const lapsed: LeaderRecord = { holder: this.holder, epoch: term.epoch, expiresAt: 0 };
    await this.kv.update(KEY, JSON.stringify(lapsed), term.revision).catch(() => undefined);
  }
}

function isRevisionMismatch(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /wrong last sequence|10071|revision/i.test(text);
}
