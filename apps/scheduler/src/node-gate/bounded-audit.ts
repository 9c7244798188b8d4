import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { SchedulerConfig } from '../config';
import { RejectionAudit, type Rejection } from '../register-node/rejection-audit';
import { TokenBuckets } from './token-buckets';

export interface AuditLimits {
  /** Refusals recorded per claimed node id and second (burst: `perNodeBurst`). */
  perNodePerSecond: number;
  perNodeBurst: number;
  /** Refusals recorded per second over all claimed ids (burst: `globalBurst`). */
  globalPerSecond: number;
  globalBurst: number;
}

/** The audit of a scheduler process, at the rates its configuration sets. */
export function boundedAuditOf(log: EventLog, logger: Logger, config: SchedulerConfig): BoundedAudit {
  return new BoundedAudit(new RejectionAudit(log), logger, {
    perNodePerSecond: config.COREX_AUDIT_PER_NODE_PER_S,
    perNodeBurst: config.COREX_AUDIT_PER_NODE_BURST,
    globalPerSecond: config.COREX_AUDIT_PER_S,
    globalBurst: config.COREX_AUDIT_PER_S * 5,
  });
}

export const DEFAULT_AUDIT_LIMITS: AuditLimits = { perNodePerSecond: 0.2, perNodeBurst: 5, globalPerSecond: 20, globalBurst: 100 };

/**
 * Records refusals at a bounded rate, per claimed node id and overall: anyone can make the network
 * refuse garbage, and the audit stream is kept forever. What is not recorded is counted and
 * logged (at most every 10 s), so floods are visible without growing the log.
 */
export class BoundedAudit {
  readonly counters = { recorded: 0, dropped: 0 };
  private readonly perNode: TokenBuckets;
  private readonly global: TokenBuckets;
  private lastReportAt = 0;

  constructor(
    private readonly audit: { record(rejection: Rejection): Promise<void> },
    private readonly logger: Logger,
    limits: AuditLimits = DEFAULT_AUDIT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.perNode = new TokenBuckets(limits.perNodePerSecond, limits.perNodeBurst, 10_000);
    this.global = new TokenBuckets(limits.globalPerSecond, limits.globalBurst, 1);
  }

  async record(rejection: Rejection): Promise<void> {
    const now = this.now();
    if (!this.perNode.take(rejection.claimedNodeId, now) || !this.global.take('*', now)) {
      this.counters.dropped++;
      if (now - this.lastReportAt >= 10_000) {
        this.lastReportAt = now;
        this.logger.warn({ ...this.counters, claimedNodeId: rejection.claimedNodeId.slice(0, 64), code: rejection.code }, 'node refusals over the audit rate: not recorded, counted');
      }
      return;
    }
    this.counters.recorded++;
    await this.audit.record(rejection);
  }
}
