import { subjects, type EventEnvelope } from '@corex/events';
import type { ChainFact } from './chain-facts';

/** The facts whose last state a node needs once it has a name: its stake and its payout binding. */
const RESTATED = ['corex.stake.changed.v1', 'corex.payout.bound.v1'];

/**
 * The facts the ingest appended under a node's key (`stake.0x…`, no `nodeId`: no registered
 * node hashed to the key yet) restated under the node's subject once its id is known: the last
 * `corex.stake.changed.v1` and the last `corex.payout.bound.v1`, each with `nodeId` added and id
 * `<keyed fact's id>:named` (deterministic, so the appender's `staking.appended` makes it exactly
 * once). Each carries the pool's whole state after its log, so the last one is all a reader needs.
 */
export function namedFactsOf(keyed: EventEnvelope[], nodeId: string): ChainFact[] {
  const facts: ChainFact[] = [];
  for (const type of RESTATED) {
    const last = keyed.filter((e) => e.type === type && !(e.data as { nodeId?: string }).nodeId).at(-1);
    if (!last) continue;
    facts.push({ subject: subjects.stake(nodeId), event: { id: `${last.id}:named`, type, data: { ...(last.data as object), nodeId } } });
  }
  return facts;
}
