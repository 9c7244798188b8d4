import { NotFoundError } from '@corex/platform';
import { decideWorkRound, type AssignedEvent, type Assignment } from '@corex/scheduler-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

export interface WorkAsk {
  readonly nodeId: string;
  readonly freeMemoryBytes: number;
  readonly slots: number;
}

/** A round's answer to one request: what to record, and the release of its reserved fragments. */
export interface RoundShare {
  readonly decided: { event: AssignedEvent; assignment: Assignment }[];
  readonly now: number;
  /** Call once the assignments are recorded (or given up): other decisions may take them again. */
  readonly unreserve: () => void;
}

/**
 * Gathers the work requests that arrive in one turn of the event loop (e.g. idle nodes woken
 * together by new work) and decides them as one round (`decideWorkRound`): staked nodes get
 * premium work first and contended work is split in the ratio of the stake boosts, instead of
 * going to whichever request happened to run first. The round's fragments are reserved before
 * any answer is handed out, so the next round passes over them while they are recorded.
 */
export class WorkRounds {
  private pending: { ask: WorkAsk; resolve: (share: RoundShare) => void; reject: (err: unknown) => void }[] = [];

  constructor(private readonly runtime: SchedulerRuntime) {}

  decide(ask: WorkAsk): Promise<RoundShare> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ask, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.run());
    });
  }

  private run(): void {
    const batch = this.pending;
    this.pending = [];
    const now = Date.now();
    const known = batch.filter(({ ask, reject }) => {
      if (this.runtime.state.hasNode(ask.nodeId)) return true;
      reject(new NotFoundError('SCHEDULER.NODE_UNKNOWN', `unknown node ${ask.nodeId}`, { nodeId: ask.nodeId }));
      return false;
    });
    let rounds: RoundShare['decided'][];
    try {
      rounds = decideWorkRound(
        this.runtime.state,
        known.map(({ ask }) => ({ ...ask, now, epoch: this.runtime.epoch, reserved: this.runtime.isReserved })),
      );
    } catch (err) {
      for (const { reject } of known) reject(err);
      return;
    }
    known.forEach(({ resolve }, i) => {
      const decided = rounds[i]!;
      resolve({ decided, now, unreserve: this.runtime.reserve(decided.map((d) => d.event.data.fragmentId)) });
    });
  }
}
