import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { verifyHeartbeat } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';

const decoder = new TextDecoder();
const MAX_NODES_TRACKED = 1_000_000;

/** One closed window: which share of its slots each node covered with a valid heartbeat. */
export interface CoverageWindow {
  windowStart: number;
  windowEnd: number;
  coverage: Map<string, number>;
}

/**
 * Listens to the nodes' heartbeats (core NATS, a plain subscription: every heartbeat, not a share
 * of them in a queue group) and counts, per node, the slots of the current window in which a
 * heartbeat with a valid signature and an `issuedAt` later than the node's previous one arrived.
 */
export class HeartbeatCoverage {
  private subscription?: Subscription;
  private readonly lastIssuedAt = new Map<string, number>();
  private covered = new Map<string, Set<number>>();
  private windowStart: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly slotMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  async listen(subject: string): Promise<void> {
    this.subscription = this.nc.subscribe(subject, { callback: (err, msg) => (err ? undefined : this.onHeartbeat(msg.data)) });
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await this.subscription?.drain().catch(() => undefined);
  }

  /** Ends the current window and starts the next. */
  closeWindow(): CoverageWindow {
    const windowEnd = this.now();
    const slots = Math.max(1, Math.round((windowEnd - this.windowStart) / this.slotMs));
    const coverage = new Map<string, number>();
    for (const [nodeId, seen] of this.covered) coverage.set(nodeId, Math.min(1, seen.size / slots));
    const closed = { windowStart: this.windowStart, windowEnd, coverage };
    this.windowStart = windowEnd;
    this.covered = new Map();
    return closed;
  }

  private onHeartbeat(data: Uint8Array): void {
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(data));
    } catch {
      return;
    }
    const at = this.now();
    const verified = verifyHeartbeat(message, { now: new Date(at) });
    if (!verified.ok) {
      this.logger.debug({ code: verified.code }, 'heartbeat dropped');
      return;
    }
    const nodeId = verified.nodeId;
    const issuedAt = Date.parse(verified.body.issuedAt);
    const last = this.lastIssuedAt.get(nodeId);
    // A replayed heartbeat must not make an absent node look present.
    if (last !== undefined && issuedAt <= last) return;
    this.lastIssuedAt.delete(nodeId);
    this.lastIssuedAt.set(nodeId, issuedAt);
    if (this.lastIssuedAt.size > MAX_NODES_TRACKED) this.lastIssuedAt.delete(this.lastIssuedAt.keys().next().value!);
    let seen = this.covered.get(nodeId);
    if (!seen) this.covered.set(nodeId, (seen = new Set()));
    seen.add(Math.floor((at - this.windowStart) / this.slotMs));
  }
}
