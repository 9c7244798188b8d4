import { nodeIdToBytes32 } from '@corex/chain-contracts';
import { PayoutRouteChosen, subjects, type PayoutRouteChosenData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import type { PayoutRoute } from '@corex/bridge-domain';

/** A node's route as chosen at one time. */
export interface ChosenRoute {
  nodeId: string;
  route: PayoutRoute;
  chosenAt: Date;
}

/**
 * Every node's payout routes over time (PayoutRouteChosen), by the bytes32 key MiningPool names the
 * node with. A payment is routed by the route in force at its block's time, so a rescan after a
 * restart routes every payment as before, whatever the node chose since.
 */
export class RouteBook {
  private readonly byKey = new Map<string, ChosenRoute[]>();

  constructor(private readonly log: EventLog) {}

  /** Reads every `payout-route.<nodeId>` aggregate again. */
  async refresh(): Promise<void> {
    const prefix = this.log.store.subjectOf(subjects.payoutRoute('x')).slice(0, -1);
    const info = await this.log.jsm.streams.info(this.log.store.names.stream, { subjects_filter: `${prefix}>` });
    for (const subject of Object.keys(info.state.subjects ?? {})) {
      const nodeId = subject.slice(prefix.length);
      const { events } = await this.log.store.read(subjects.payoutRoute(nodeId));
      const routes = events
        .filter((e) => e.event.type === PayoutRouteChosen.type)
        .map((e) => {
          const data = e.event.data as PayoutRouteChosenData;
          return { nodeId, route: { targetChain: data.targetChain.name, recipient: data.recipient }, chosenAt: new Date(data.chosenAt) };
        });
      this.byKey.set(nodeIdToBytes32(nodeId).toLowerCase(), routes);
    }
  }

  /**
   * The route of the node with this MiningPool key in force at `at`; before its first choice (clocks
   * of the staking service and the chain differ a little), its first route: the bridge is only paid
   * for nodes that chose one.
   */
  routeAt(nodeKey: string, at: Date): ChosenRoute | undefined {
    const routes = this.byKey.get(nodeKey.toLowerCase()) ?? [];
    const before = routes.filter((r) => r.chosenAt.getTime() <= at.getTime());
    return before[before.length - 1] ?? routes[0];
  }
}
