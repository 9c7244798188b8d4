import { Controller, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { MarketplaceConfig } from '../../config';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { rawBodyStream, readRawBody, requireMediaType } from '../../http/raw-body';
import { CONFIG } from '../../infrastructure/tokens';
import { RegisterDatasetHandler, type DatasetUpload } from './register-dataset.handler';
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
    const parsed = parseWith(registerDatasetQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const type = requireMediaType(req, datasetMediaTypes);
    const upload: DatasetUpload =
      type === 'text/csv'
        ? { ...parsed, format: 'csv', body: rawBodyStream(req, this.config.DATASET_LIMIT_BYTES) }
        : { ...parsed, format: 'json', body: await readRawBody(req, Math.min(this.config.DATASET_LIMIT_BYTES, this.config.DATASET_JSON_LIMIT_BYTES)) };
    const { data, created } = await this.handler.execute(caller.accountId, upload);
    res.status(created ? 201 : 200).json(data);
  }
}
