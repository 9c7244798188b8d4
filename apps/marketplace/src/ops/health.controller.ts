import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { DATA_SOURCE, EVENT_LOG } from '../infrastructure/tokens';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /** 200 when NATS and Postgres answer, else 503 naming the one that does not. */
  @Get('health')
  async health(@Res({ passthrough: true }) res: Response) {
    const nats = this.log.nc.isClosed() ? 'down' : await this.log.nc.flush().then(() => 'ok', () => 'down');
    const postgres = await this.ds.query('SELECT 1').then(() => 'ok', () => 'down');
    const ok = nats === 'ok' && postgres === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', nats, postgres };
  }
}
