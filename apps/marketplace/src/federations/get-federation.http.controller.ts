import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '@corex/platform';
import { ApiKeyGuard } from '../http/auth.guards';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { DATA_SOURCE } from '../infrastructure/tokens';
import type { FederationView } from './federation.view.schema';
import { federationView } from './federations.query';

/** Federations are public network facts (schema and sizes, never data): any authenticated caller may look one up. */
@Controller('v1/federations')
@UseGuards(ApiKeyGuard)
@NotFoundCode('FEDERATION.NOT_FOUND')
export class GetFederationController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Get(':name')
  async get(@Param('name') name: string): Promise<FederationView> {
    const view = await federationView(this.ds, name);
    if (!view) throw new NotFoundError('FEDERATION.NOT_FOUND', `federation ${name} has no members`);
    return view;
  }
}
