import { Controller, Delete, Get, HttpCode, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import { findOwnUpload, listUploads, toModelListing, type ModelListing, type Page } from '../upload-listing';
import { DeleteUploadHandler } from './delete-upload.handler';
import { listUploadsQuerySchema } from './list-uploads.query';

/** The caller's own models: list, read, delete. Another account's model answers 404 like a missing one. */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
export class ModelsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly deletion: DeleteUploadHandler,
  ) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: unknown): Promise<Page<ModelListing>> {
    const { limit, cursor } = parseWith(listUploadsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const page = await listUploads(this.ds, 'model', caller.accountId, limit, cursor);
    return { items: page.items.map(toModelListing), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ModelListing> {
    return toModelListing(await findOwnUpload(this.ds, 'model', caller.accountId, id));
  }

  /** 204; the name is free again and new jobs can no longer name the model. */
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.deletion.execute('model', caller.accountId, id);
  }
}
