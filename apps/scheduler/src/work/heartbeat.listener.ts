import type { Subscription } from '@nats-io/nats-core';
import type { EventLog } from '@corex/eventstore';
import { verifyHeartbeat } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

const decoder = new TextDecoder();

/**
 * Heartbeats travel on core NATS, not the log: they keep nodes live and renew their leases.
 * Invalid ones are dropped (counted in the debug log), never audited: they are too frequent.
 */
export class HeartbeatListener {
  private subscription?: Subscription;

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
    try {
      this.runtime.state.heartbeat(verified.body.nodeId, now.getTime(), verified.body.leaseIds);
    } catch {
      this.logger.debug({ nodeId: verified.body.nodeId }, 'heartbeat from an unknown node');
    }
  }
}
