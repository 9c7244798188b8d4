import type { EntityManager } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { WrongExpectedVersionError } from '@corex/eventstore';
import type { ChainFact } from './chain-facts';

const MAX_CONFLICTS = 20;

/**
 * Appends chain facts to the log exactly once, inside the follower's checkpoint transaction:
 * an event id recorded in `staking.appended` is skipped; otherwise it is appended with its chain
 * id as message id (a replay within the stream's duplicate window dedupes) and recorded. The
 * only gap is a crash after the append and before the commit followed by a restart later than
 * the duplicate window: the first batch after start therefore looks for its ids in the
 * aggregates themselves before appending.
 */
export class ChainFactAppender {
  private verified = false;

  constructor(private readonly log: EventLog) {}

  /** After a failed batch (its transaction rolled back after appends): check the log again before the next appends. */
  unverify(): void {
    this.verified = false;
  }

  async append(facts: ChainFact[], em: EntityManager): Promise<void> {
    if (facts.length === 0) return;
    const rows: Array<{ event_id: string }> = await em.query(`SELECT event_id FROM staking.appended WHERE event_id = ANY($1)`, [facts.map((f) => f.event.id)]);
    const done = new Set(rows.map((r) => r.event_id));
    const inLog = new Map<string, Set<string>>();
    try {
      for (const fact of facts) {
        const id = fact.event.id!;
        if (done.has(id)) continue;
        if (!this.verified && (await this.idsInLog(fact.subject, inLog)).has(id)) {
          await this.record(em, id, fact.subject, 0);
          continue;
        }
        await this.record(em, id, fact.subject, await this.appendOne(fact));
      }
      this.verified = true;
    } catch (err) {
      this.verified = false;
      throw err;
    }
  }

  /** Appends at the aggregate's current version; another writer (the marketplace reserving funds) moving it first means read and try again. */
  private async appendOne(fact: ChainFact): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const version = await this.lastSequence(fact.subject);
      try {
        return (await this.log.store.append(fact.subject, [fact.event], version)).version;
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICTS) throw err;
      }
    }
  }

  private async lastSequence(relative: string): Promise<number> {
    const msg = await this.log.jsm.streams.getMessage(this.log.store.names.stream, { last_by_subj: this.log.store.subjectOf(relative) });
    return msg?.seq ?? 0;
  }

  private async idsInLog(subject: string, cache: Map<string, Set<string>>): Promise<Set<string>> {
    let ids = cache.get(subject);
    if (!ids) {
      const { events } = await this.log.store.read(subject);
      ids = new Set(events.map((e) => e.event.id));
      cache.set(subject, ids);
    }
    return ids;
  }

  private record(em: EntityManager, id: string, subject: string, seq: number): Promise<unknown> {
    return em.query(`INSERT INTO staking.appended (event_id, subject, seq) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING`, [id, subject, seq]);
  }
}
