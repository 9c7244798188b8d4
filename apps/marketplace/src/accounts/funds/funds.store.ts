import { Inject, Injectable } from '@nestjs/common';
import { subjects, type NewEvent } from '@corex/events';
import { readLog, WrongExpectedVersionError, type EventLog } from '@corex/eventstore';
import { decideFunds, evolveFunds, initialFundsState, type FundsCommand, type FundsState } from '@corex/marketplace-domain';
import { LruCache } from '@corex/platform';
import { CONFIG, EVENT_LOG } from '../../infrastructure/tokens';
import type { MarketplaceConfig } from '../../config';

const MAX_CONFLICTS = 20;
/** Accounts whose folded funds are kept in memory (least recently used out). */
const CACHED_ACCOUNTS = 10_000;

/**
 * The funds aggregate (`funds.<accountId>`) on the log: state folded from its events, commands
 * decided and appended with optimistic concurrency (the aggregate's last sequence), retried on a
 * conflict with the fresh state, so two submissions racing for the same funds are decided one
 * after the other. The check is on only when a chain is configured (COREX_DEPLOYMENT_FILE).
 */
@Injectable()
export class FundsStore {
  /**
   * Folded state by account at a stream sequence: a load reads only the aggregate's events after
   * it (a job's rewards grow the aggregate by one event per fragment).
   */
  private readonly cache = new LruCache<string, { state: FundsState; version: number }>(CACHED_ACCOUNTS);

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
  ) {}

  /** Whether budgets are reserved from deposits (a chain is configured). */
  get enabled(): boolean {
    return !!this.config.COREX_DEPLOYMENT_FILE;
  }

  async load(accountId: string): Promise<{ state: FundsState; version: number }> {
    const relative = subjects.funds(accountId);
    const subject = this.log.store.subjectOf(relative);
    const last = (await this.log.jsm.streams.getMessage(this.log.store.names.stream, { last_by_subj: subject }))?.seq ?? 0;
    const cached = this.cache.get(accountId);
    if (cached && cached.version === last) return cached;
    const from = cached && cached.version < last ? cached : { state: initialFundsState(), version: 0 };
    let state = from.state;
    if (last > from.version) {
      await readLog(this.log.js, { stream: this.log.store.names.stream, filter: subject, fromSeq: from.version + 1, lastSeq: last, maxMessages: 256 }, (m) => {
        state = evolveFunds(state, this.log.store.decode(m.data) as NewEvent);
      });
    }
    const loaded = { state, version: last };
    this.cache.set(accountId, loaded);
    return loaded;
  }

  /** Decides on the current state and appends; a decision refused throws before anything is appended. */
  async execute(command: FundsCommand): Promise<NewEvent[]> {
    const subject = subjects.funds(command.accountId);
    for (let attempt = 0; ; attempt++) {
      const { state, version } = await this.load(command.accountId);
      const events = decideFunds(command, state);
      if (events.length === 0) return events;
      try {
        await this.log.store.append(subject, events, version);
        return events;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICTS) throw err;
      }
    }
  }

  /** Appends events decided elsewhere (a linked wallet) at the aggregate's current version. */
  async append(accountId: string, events: NewEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { version } = await this.load(accountId);
      try {
        await this.log.store.append(subjects.funds(accountId), events, version);
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICTS) throw err;
      }
    }
  }
}
