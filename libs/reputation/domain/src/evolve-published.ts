import {
  NodeEvicted,
  NodeSuspended,
  ReputationChanged,
  TierChanged,
  type NodeEvictedData,
  type NodeSuspendedData,
  type ReputationChangedData,
  type TierChangedData,
} from '@corex/events';
import { nodeOf, type ReputationBook } from './reputation-book';
import { PROBATION_VERIFIED } from './rules';

/** Event types this service writes (subject `reputation.<nodeId>`). */
export const publishedEventTypes: readonly string[] = [ReputationChanged.type, TierChanged.type, NodeSuspended.type, NodeEvicted.type];

/**
 * Folds one of this service's own events (read back from the log, or just appended) into the
 * node's published state. `seq` is its stream sequence; an event at or below the version
 * already folded is ignored, so appending and reading back never count twice.
 */
export function applyPublished(book: ReputationBook, seq: number, type: string, data: unknown): void {
  const nodeId = (data as { nodeId: string }).nodeId;
  const node = nodeOf(book, nodeId);
  const p = node.published;
  if (seq <= p.version) return;
  p.version = seq;
  if (type === ReputationChanged.type) {
    const d = data as ReputationChangedData;
    p.score = d.score;
    p.changedAt = Date.parse(d.changedAt);
    p.verified = d.indicators['verified'] ?? p.verified;
    // Uptime comes from heartbeats, which are not in the log: the last published value is where it resumes.
    node.facts.uptime = d.components.uptime;
  } else if (type === TierChanged.type) {
    const d = data as TierChangedData;
    p.tier = d.to;
    if (d.reason.startsWith('fraud')) {
      p.tierCap = d.to;
      p.capLiftsAtVerified = p.verified + PROBATION_VERIFIED;
    }
  } else if (type === NodeSuspended.type) {
    const d = data as NodeSuspendedData;
    p.suspendedUntil = Date.parse(d.until);
    for (const id of d.fraudIds) p.handledFrauds.add(id);
  } else if (type === NodeEvicted.type) {
    const d = data as NodeEvictedData;
    p.evicted = true;
    for (const id of d.fraudIds) p.handledFrauds.add(id);
  }
}
