import { outbox, type CrossChainTaskState, type OutboxEntry } from '@corex/bridge-domain';
import type { Logger } from '@corex/platform';
import type { TaskLedger } from '../tasks/task-ledger';

/** Carries one outbox step of a task: publish on the home chain, or deliver to the origin. */
export interface StatusCarrier {
  /** Whether this carrier serves the task's origin chain. */
  serves(entry: OutboxEntry): boolean;
  step(taskId: string, entry: OutboxEntry): Promise<void>;
}

/**
 * Drives every task's undelivered statuses (the domain's `outbox(state)`) to its origin, one task's
 * statuses in order, each step recorded in the log by its carrier (Published, Delivered) after it
 * happened on chain. Kicked when a task changes and, at start, for every task in the log. A failed
 * step is tried again later; every step is idempotent on chain.
 */
export class StatusOutbox {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ledger: TaskLedger,
    private readonly carriers: StatusCarrier[],
    private readonly logger: Logger,
    private readonly retryMs = 1_000,
  ) {}

  /** Resumes every task the log holds, then follows the ledger's changes. */
  async start(): Promise<void> {
    this.ledger.onChange((taskId, state) => outbox(state).length && this.kick(taskId));
    for (const taskId of await this.ledger.taskIds()) this.kick(taskId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.allSettled([...this.running.values()]);
  }

  kick(taskId: string): void {
    if (this.stopped) return;
    if (this.running.has(taskId)) {
      this.again.add(taskId);
      return;
    }
    const run = this.drain(taskId).finally(() => {
      this.running.delete(taskId);
      if (this.again.delete(taskId)) this.kick(taskId);
    });
    this.running.set(taskId, run);
  }

  private async drain(taskId: string): Promise<void> {
    try {
      for (let state = await this.stateOf(taskId); !this.stopped; state = await this.stateOf(taskId)) {
        const [entry] = outbox(state);
        if (!entry) return;
        const carrier = this.carriers.find((c) => c.serves(entry));
        if (!carrier) {
          this.logger.warn({ taskId, chain: entry.message.targetChain.name }, 'no carrier for this chain: the status waits');
          return;
        }
        await carrier.step(taskId, entry);
      }
    } catch (err) {
      this.logger.warn({ err, taskId }, 'status step failed: tried again later');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.kick(taskId);
      }, this.retryMs);
      this.timers.add(timer);
    }
  }

  private async stateOf(taskId: string): Promise<CrossChainTaskState> {
    return (await this.ledger.load(taskId)).state;
  }
}
