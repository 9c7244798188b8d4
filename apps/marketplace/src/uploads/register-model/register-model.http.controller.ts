import { Controller, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { MarketplaceConfig } from '../../config';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { readRawBody, requireMediaType } from '../../http/raw-body';
import { CONFIG } from '../../infrastructure/tokens';
import { RegisterModelHandler } from './register-model.handler';
import { modelMediaTypes, registerModelQuerySchema } from './register-model.request.dto';

@Controller('v1/models')
@UseGuards(ApiKeyGuard)
export class RegisterModelController {
  constructor(
    private readonly handler: RegisterModelHandler,
    @Inject(CONFIG) private readonly config: MarketplaceConfig,
  ) {}

  /** 201 for a new model; 200 with the first registration when the same file comes again. */
  @Post()
  async register(
    @CurrentCaller() caller: Caller,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { name } = parseWith(registerModelQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    requireMediaType(req, modelMediaTypes);
    // Any size up to the limit runs on a secured network too: nodes read sealed task blobs part by part.
    const body = await readRawBody(req, this.config.MODEL_LIMIT_BYTES);
    const { data, created } = await this.handler.execute(caller.accountId, name, body);
    res.status(created ? 201 : 200).json(data);
  }
}
