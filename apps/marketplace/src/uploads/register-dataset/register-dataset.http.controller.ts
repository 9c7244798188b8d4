import { Controller, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { MarketplaceConfig } from '../../config';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { readRawBody, requireMediaType } from '../../http/raw-body';
import { CONFIG } from '../../infrastructure/tokens';
import { RegisterDatasetHandler } from './register-dataset.handler';
import { datasetMediaTypes, registerDatasetQuerySchema } from './register-dataset.request.dto';

@Controller('v1/datasets')
@UseGuards(ApiKeyGuard)
export class RegisterDatasetController {
  constructor(
    private readonly handler: RegisterDatasetHandler,
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
  ) {}

  /** 201 for a new dataset; 200 with the first registration when the same content comes again. */
  @Post()
  async register(
    @CurrentCaller() caller: Caller,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { name, label } = parseWith(registerDatasetQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const type = requireMediaType(req, datasetMediaTypes);
    const body = await readRawBody(req, this.config.DATASET_LIMIT_BYTES);
    const format = type === 'text/csv' ? 'csv' : 'json';
    const { data, created } = await this.handler.execute(caller.accountId, { name, label, format, body });
    res.status(created ? 201 : 200).json(data);
  }
}
