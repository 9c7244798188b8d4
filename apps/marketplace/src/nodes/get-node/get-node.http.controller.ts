import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import type { NodeView } from './node.view.schema';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Nodes are public network members: any authenticated caller may look one up. */
@Controller('v1/nodes')
@UseGuards(ApiKeyGuard)
@NotFoundCode('NODE.NOT_FOUND')
export class GetNodeController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<NodeView> {
    const rows = await this.ds.query(`SELECT * FROM marketplace.nodes WHERE id = $1`, [id]);
    if (!rows.length) throw new NotFoundError('NODE.NOT_FOUND', `node ${id} not found`);
    const r = rows[0];
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      hardware: r.hardware,
      benchmark: r.benchmark,
      runnerVersion: r.runner_version,
      registeredAt: iso(r.registered_at)!,
      lastBenchmarkAt: iso(r.last_benchmark_at),
      benchmarkCount: r.benchmark_count,
    };
  }
}
