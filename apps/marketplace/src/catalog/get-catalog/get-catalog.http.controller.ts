import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { CATALOG } from '../../infrastructure/tokens';
import type { Catalog } from '../catalog.schema';
import type { CatalogService } from '../catalog.service';

@Controller('v1/catalog')
@UseGuards(ApiKeyGuard)
export class GetCatalogController {
  constructor(@Inject(CATALOG) private readonly catalog: CatalogService) {}

  /** Built-in models and datasets, then the caller's own uploads (never another account's). */
  @Get()
  get(@CurrentCaller() caller: Caller): Promise<Catalog> {
    return this.catalog.list(caller.accountId);
  }
}
