import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { CrossChainTaskSubmitted, subjects, type CrossChainTaskSubmittedData } from '@corex/events';
import {
  decideCrossChainTask,
  evolveCrossChainTask,
  initialCrossChainTaskState,
  type CrossChainTaskCommand,
  type CrossChainTaskEvent,
  type CrossChainTaskState,
} from '@corex/bridge-domain';

/**
 * The cross-chain tasks as the log records them: each command is decided against the task's events
 * read back from the log and appended with the version it was decided on (optimistic concurrency), one
 * command per task at a time in this process. The log is the record: a restarted bridge lists the tasks
 * and resumes from it.
 */
export class TaskLedger {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Called with the task's state after every append (the status outbox listens). */
  private readonly listeners: ((taskId: string, state: CrossChainTaskState) => void)[] = [];

  constructor(private readonly log: EventLog) {}

  onChange(listener: (taskId: string, state: CrossChainTaskState) => void): void {
    this.listeners.push(listener);
  }

  /** The task's state and version (0: unknown). */
  async load(taskId: string): Promise<{ state: CrossChainTaskState; version: number }> {
    const { version, events } = await this.log.store.read(subjects.crossChainTask(taskId));
    const state = events.reduce((s, e) => evolveCrossChainTask(s, e.event as unknown as CrossChainTaskEvent), initialCrossChainTaskState());
    return { state, version };
  }

  /** What the task was submitted with (escrow, submitter), if it entered the network. */
  async submission(taskId: string): Promise<CrossChainTaskSubmittedData | undefined> {
    const { events } = await this.log.store.read(subjects.crossChainTask(taskId));
    return events.find((e) => e.event.type === CrossChainTaskSubmitted.type)?.event.data as CrossChainTaskSubmittedData | undefined;
  }

  /** Decides the command and appends what it decided; returns the new events (none: nothing to do). */
  decide(taskId: string, command: CrossChainTaskCommand): Promise<CrossChainTaskEvent[]> {
    const previous = this.queues.get(taskId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.decideNow(taskId, command));
    this.queues.set(taskId, next);
    void next.finally(() => this.queues.get(taskId) === next && this.queues.delete(taskId)).catch(() => undefined);
    return next;
  }

  private async decideNow(taskId: string, command: CrossChainTaskCommand, attempt = 0): Promise<CrossChainTaskEvent[]> {
    const { state, version } = await this.load(taskId);
    const events = decideCrossChainTask(command, state);
    if (events.length === 0) return [];
    try {
      await this.log.store.append(subjects.crossChainTask(taskId), events, version);
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt < 3) return this.decideNow(taskId, command, attempt + 1);
      throw err;
    }
    const after = events.reduce(evolveCrossChainTask, state);
    for (const listener of this.listeners) listener(taskId, after);
    return events;
  }

  /** Every task the log holds (its subjects under `cross-chain-task.`). */
  async taskIds(): Promise<string[]> {
    const prefix = this.log.store.subjectOf(subjects.crossChainTask('x')).slice(0, -1);
    const info = await this.log.jsm.streams.info(this.streamName(), { subjects_filter: `${prefix}>` });
    return Object.keys(info.state.subjects ?? {}).map((s) => s.slice(prefix.length));
  }

  private streamName(): string {
    return this.log.store.names.stream;
  }
}
