import type { Subscription } from '@nats-io/nats-core';
import type { EventLog } from '@corex/eventstore';
import { verifyHeartbeat } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

const decoder = new TextDecoder();
const MAX_NODES_TRACKED = 1_000_000;

/**
 * Heartbeats travel on core NATS, not the log: they keep nodes live and renew their leases.
 * Invalid ones are dropped (counted in the debug log), never audited: they are too frequent.
 * Replays are dropped too: a node's heartbeats must carry increasing `issuedAt` (one number per
 * node, where remembering every nonce of a message sent every 2 s would not be bounded).
 */
export class HeartbeatListener {
  private subscription?: Subscription;
  private readonly lastIssuedAt = new Map<string, number>();
  /** Heartbeats dropped as replays or out of order. */
  replaysDropped = 0;

  constructor(
    private readonly log: EventLog,
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
  ) {}

  async listen(subject: string): Promise<void> {
    this.subscription = this.log.nc.subscribe(subject, { callback: (err, msg) => (err ? undefined : this.onHeartbeat(msg.data)) });
    await this.log.nc.flush();
  }

  async close(): Promise<void> {
    await this.subscription?.drain();
  }

  private onHeartbeat(data: Uint8Array): void {
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(data));
    } catch {
      return;
    }
    const now = new Date();
    const verified = verifyHeartbeat(message, { now });
    if (!verified.ok) {
      this.logger.debug({ code: verified.code }, 'heartbeat dropped');
      return;
    }
    if (!this.isNewer(verified.body.nodeId, Date.parse(verified.body.issuedAt))) {
      this.replaysDropped++;
      return;
    }
    try {
      this.runtime.state.heartbeat(verified.body.nodeId, now.getTime(), verified.body.leaseIds);
    } catch {
      this.logger.debug({ nodeId: verified.body.nodeId }, 'heartbeat from an unknown node');
    }
  }

  /** True (and remembered) when `issuedAt` is later than the node's last accepted heartbeat. */
  isNewer(nodeId: string, issuedAt: number): boolean {
    const last = this.lastIssuedAt.get(nodeId);
    if (last !== undefined && issuedAt <= last) return false;
    this.lastIssuedAt.delete(nodeId);
    this.lastIssuedAt.set(nodeId, issuedAt);
    // Bounded: the node silent longest goes first (a heartbeat older than 5 min is refused as stale anyway).
    if (this.lastIssuedAt.size > MAX_NODES_TRACKED) this.lastIssuedAt.delete(this.lastIssuedAt.keys().next().value!);
    return true;
  }
}
