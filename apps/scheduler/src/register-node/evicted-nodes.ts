import { NodeEvicted, subjects } from '@corex/events';
import type { EventStore } from '@corex/eventstore';

/**
 * Whether the reputation service evicted a node, read from the node's reputation events in the
 * log (so every scheduler, leader or standby, answers the same after any restart). An eviction is
 * final: once seen it is remembered.
 */
export class EvictedNodes {
  private readonly evicted = new Set<string>();

  constructor(
    private readonly store: Pick<EventStore, 'read'>,
    /** The leader's in-memory view, when there is one (spares a read). */
    private readonly knownEvicted: (nodeId: string) => boolean = () => false,
  ) {}

  async isEvicted(nodeId: string): Promise<boolean> {
    if (this.evicted.has(nodeId) || this.knownEvicted(nodeId)) return true;
    const { events } = await this.store.read(subjects.reputation(nodeId));
    if (!events.some((e) => e.event.type === NodeEvicted.type)) return false;
    this.evicted.add(nodeId);
    return true;
  }
}
