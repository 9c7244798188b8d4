import type { EventLog } from '@corex/eventstore';
import type { Projectors } from './projectors';

export interface ProjectionLag {
  /** Stream sequence of the newest event on the subjects the projection reads (0 when none). */
  lastSeq: number;
  /** Stream sequence the read model has applied (its checkpoint). */
  position: number;
  /**
   * How far the read model is behind: `lastSeq - position`, 0 when caught up. For a projection
   * that reads every subject (the jobs projection) this is the number of events behind; for a
   * filtered one it counts stream sequences, other subjects' events between them included.
   */
  lag: number;
}

/**
 * Each projection's lag behind the log, from its checkpoint (so a standby reports what the
 * active process has applied) and the stream's last message on the projection's subjects.
 */
export async function projectionLags(log: EventLog, projectors: Projectors): Promise<Record<string, ProjectionLag>> {
  const { stream } = log.store.names;
  const entries = await Promise.all(
    projectors.all().map(async (p) => {
      const [last, position] = await Promise.all([
        log.jsm.streams.getMessage(stream, { last_by_subj: log.store.subjectOf(p.definition.filter) }),
        p.position(),
      ]);
      const lastSeq = last?.seq ?? 0;
      return [p.definition.name, { lastSeq, position, lag: Math.max(0, lastSeq - position) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
