import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { CLOCK, DATA_SOURCE, type Clock } from '../../infrastructure/tokens';
import { nodeRewards, payoutOf } from '../../settlement/settlement.queries';
import { nodeTrust } from './node-trust';
import type { NodeView } from './node.view.schema';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Nodes are public network members: any authenticated caller may look one up. */
@Controller('v1/nodes')
@UseGuards(ApiKeyGuard)
@NotFoundCode('NODE.NOT_FOUND')
export class GetNodeController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<NodeView> {
    const rows = await this.ds.query(
      `SELECT n.*, s.staker, s.active::text AS stake_active, s.pending::text AS stake_pending, s.boost_bps, s.verifier, s.block AS stake_block, s.tx_hash AS stake_tx
       FROM marketplace.nodes n LEFT JOIN marketplace.node_stakes s ON s.node_id = n.id WHERE n.id = $1`,
      [id],
    );
    if (!rows.length) throw new NotFoundError('NODE.NOT_FOUND', `node ${id} not found`);
    const r = rows[0];
    const trust = await nodeTrust(this.ds, r.id, this.clock());
    return {
      id: r.id,
      name: r.name,
      // Held out by the reputation service outranks where the node is in its membership.
      status: trust.standing.status === 'active' ? r.status : trust.standing.status,
      hardware: r.hardware,
      benchmark: r.benchmark,
      runnerVersion: r.runner_version,
      registeredAt: iso(r.registered_at)!,
      lastBenchmarkAt: iso(r.last_benchmark_at),
      benchmarkCount: r.benchmark_count,
      stake:
        r.staker === null
          ? null
          : { active: r.stake_active, pending: r.stake_pending, boostBps: r.boost_bps, verifier: r.verifier, staker: r.staker, block: Number(r.stake_block), txHash: r.stake_tx },
      payout: await payoutOf(this.ds, r.id),
      rewards: await nodeRewards(this.ds, r.id),
      ...trust,
    };
  }
}
