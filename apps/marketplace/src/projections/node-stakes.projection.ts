import { StakeChanged, type EventEnvelope, type StakeChangedData } from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface NodeStakeRow {
  node_id: string;
  staker: string;
  active: string;
  pending: string;
  boost_bps: number;
  verifier: boolean;
  block: number;
  tx_hash: string;
  version: number;
}

/**
 * Each node's stake as the StakingPool last reported it (`corex.stake.changed.v1`, which carries
 * the pool's state after the change): GET /v1/nodes/{id} shows it. Stakes of ids that no
 * registered node hashes to carry no nodeId and are not listed.
 */
export const nodeStakesProjection: ProjectionDefinition<NodeStakeRow> = {
  name: 'marketplace.node_stakes',
  table: 'marketplace.node_stakes',
  key: 'node_id',
  filter: 'stake.*',
  handles: [StakeChanged.type],
  keyOf: (e: EventEnvelope) => (e.data as StakeChangedData).nodeId ?? (e.data as StakeChangedData).nodeKey,
  evolve: (row, e, seq) => {
    const d = e.data as StakeChangedData;
    // An older block's fact delivered late must not overwrite a newer one.
    if (!d.nodeId || (row && Number(row.block) > d.block)) return row;
    return { node_id: d.nodeId, staker: d.staker, active: d.active, pending: d.pending, boost_bps: d.boostBps, verifier: d.verifier, block: d.block, tx_hash: d.txHash, version: seq };
  },
};
