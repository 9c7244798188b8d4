import type { StoredEvent } from '@corex/events';
import { EventDecodeError } from '@corex/eventstore';

/** A projection failed to apply the event at `seq` (evolve threw, or Postgres refused the rows). */
export class ProjectionApplyError extends Error {
  readonly seq: number;
  readonly eventType: string;

  constructor(projection: string, event: StoredEvent, override readonly cause: unknown) {
    super(`projection ${projection} cannot apply event at stream sequence ${event.seq} (${event.event.type}): ${(cause as Error)?.message ?? cause}`);
    this.seq = event.seq;
    this.eventType = event.event.type;
  }
}

/** Where a projection cannot get past an event, for /health and metrics. */
export interface StuckPosition {
  /** Stream sequence of the event it cannot apply. */
  seq: number;
  /** Its type, when known (an undecodable message may have none). */
  eventType?: string;
  error: string;
  /** First failure at this position. */
  since: string;
  /** Failed attempts at this position. */
  attempts: number;
  /** Delay until the next attempt. */
  retryInMs: number;
}

/** Keeps the stuck position of one projector, and its failure count. */
export class StuckTracker {
  private stuck?: StuckPosition;
  private count = 0;

  get current(): StuckPosition | undefined {
    return this.stuck;
  }

  get failures(): number {
    return this.count;
  }

  /** Records a failure; `next` is the position assumed when the error does not name an event. */
  failed(err: unknown, next: number, retryInMs: number): StuckPosition {
    this.count++;
    const at = err instanceof ProjectionApplyError || err instanceof EventDecodeError ? err : undefined;
    const seq = at?.seq ?? next;
    const same = this.stuck?.seq === seq;
    this.stuck = {
      seq,
      eventType: at?.eventType ?? (same ? this.stuck?.eventType : undefined),
      error: storable((err as Error)?.message ?? String(err)),
      since: same ? this.stuck!.since : new Date().toISOString(),
      attempts: same ? this.stuck!.attempts + 1 : 1,
      retryInMs,
    };
    return this.stuck;
  }

  /** Takes over what the active process recorded (in a standby, which has no failures of its own). */
  observe(stuck: StuckPosition | undefined): void {
    this.stuck = stuck;
  }

  /** The read model reached `position`: no longer stuck at or before it. */
  passed(position: number): void {
    if (this.stuck && position >= this.stuck.seq) this.stuck = undefined;
  }
}

/** The message as jsonb can keep it: it may quote the very value Postgres refused. */
function storable(message: string): string {
  return message.replace(/\u0000/g, '\\0').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
