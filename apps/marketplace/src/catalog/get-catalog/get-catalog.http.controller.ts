import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../../http/auth.guards';
import { CATALOG } from '../../infrastructure/tokens';
import type { CatalogService } from '../catalog.service';

@Controller('v1/catalog')
@UseGuards(ApiKeyGuard)
export class GetCatalogController {
  constructor(@Inject(CATALOG) private readonly catalog: CatalogService) {}

  @Get()
  get() {
    return this.catalog.list();
  }
}
