import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { natsProbe, postgresProbe } from '@corex/platform';
import { projectionLags, type ProjectionLag } from '../infrastructure/projection-lag';
import type { Projectors } from '../infrastructure/projectors';
import { DATA_SOURCE, EVENT_LOG, PROJECTORS } from '../infrastructure/tokens';
import type { Health } from './health.schema';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
  ) {}

  /**
   * 503 when NATS or Postgres does not answer. A projection stuck on an event it cannot apply
   * makes the status `degraded` but keeps 200: this process still serves every route, a restart
   * or another instance would be stuck on the same event, and taking every instance out of a load
   * balancer for it would turn one bad event into an outage. `projections` names the event
   * (stream sequence, type, error) so an operator can fix the cause; it resumes by itself. Each
   * projection also shows its `lag` behind the log (0 when caught up; absent while NATS is down).
   */
  @Get('health')
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const answers = (probe: () => Promise<unknown>): Promise<Health['nats']> => probe().then(() => 'ok' as const, () => 'down' as const);
    const [nats, postgres] = await Promise.all([answers(natsProbe(this.log.nc)), answers(postgresProbe(this.ds))]);
    const lags: Record<string, ProjectionLag> =
      nats === 'ok' && postgres === 'ok' ? await projectionLags(this.log, this.projectors).catch(() => ({})) : {};
    const projections = Object.fromEntries(Object.entries(this.projectors.status()).map(([name, status]) => [name, { ...status, ...lags[name] }]));
    const up = nats === 'ok' && postgres === 'ok';
    const stuck = Object.values(projections).some((p) => p.stuck);
    res.status(up ? 200 : 503);
    return { status: up && !stuck ? 'ok' : 'degraded', nats, postgres, projections };
  }
}
