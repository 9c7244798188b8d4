import { WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { subjects } from '@corex/events';
import {
  decideRewardTransfer,
  evolveRewardTransfer,
  initialRewardTransferState,
  type RewardTransferCommand,
  type RewardTransferEvent,
  type RewardTransferState,
} from '@corex/bridge-domain';

/**
 * The reward transfers as the log records them (aggregate `reward-transfer.<transferId>`): each
 * command is decided against the events read back and appended at the version it was decided on,
 * one command per transfer at a time in this process. A restarted bridge lists them and resumes.
 */
export class RewardLedger {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly log: EventLog) {}

  async load(transferId: string): Promise<{ state: RewardTransferState; version: number; events: RewardTransferEvent[] }> {
    const { version, events } = await this.log.store.read(subjects.rewardTransfer(transferId));
    const typed = events.map((e) => e.event as unknown as RewardTransferEvent);
    return { state: typed.reduce(evolveRewardTransfer, initialRewardTransferState()), version, events: typed };
  }

  /** Decides the command and appends what it decided; returns the new events (none: nothing to do). */
  decide(transferId: string, command: RewardTransferCommand): Promise<RewardTransferEvent[]> {
    const previous = this.queues.get(transferId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.decideNow(transferId, command));
    this.queues.set(transferId, next);
    void next.finally(() => this.queues.get(transferId) === next && this.queues.delete(transferId)).catch(() => undefined);
    return next;
  }

  private async decideNow(transferId: string, command: RewardTransferCommand, attempt = 0): Promise<RewardTransferEvent[]> {
    const { state, version } = await this.load(transferId);
    const events = decideRewardTransfer(command, state);
    if (events.length === 0) return [];
    try {
      await this.log.store.append(subjects.rewardTransfer(transferId), events, version);
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt < 3) return this.decideNow(transferId, command, attempt + 1);
      throw err;
    }
    return events;
  }

  /** Every reward transfer the log holds (its subjects under `reward-transfer.`). */
  async transferIds(): Promise<string[]> {
    const prefix = this.log.store.subjectOf(subjects.rewardTransfer('x')).slice(0, -1);
    const info = await this.log.jsm.streams.info(this.log.store.names.stream, { subjects_filter: `${prefix}>` });
    return Object.keys(info.state.subjects ?? {}).map((s) => s.slice(prefix.length));
  }
}
