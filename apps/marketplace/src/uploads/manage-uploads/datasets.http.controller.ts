import { Controller, Delete, Get, HttpCode, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { parseWith } from '../../http/parse-body';
import { DATA_SOURCE } from '../../infrastructure/tokens';
import { findOwnUpload, listUploads, toDatasetListing, type DatasetListing, type Page } from '../upload-listing';
import { DeleteUploadHandler } from './delete-upload.handler';
import { DatasetDownload } from '../download-dataset/dataset-download';
import { datasetDataQuerySchema } from '../download-dataset/dataset-data.query';
import { listUploadsQuerySchema } from './list-uploads.query';

/** The caller's own datasets: list, read, delete. Another account's dataset answers 404 like a missing one. */
@Controller('v1/datasets')
@UseGuards(ApiKeyGuard)
export class DatasetsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly deletion: DeleteUploadHandler,
    private readonly download: DatasetDownload,
  ) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: unknown): Promise<Page<DatasetListing>> {
    const { limit, cursor } = parseWith(listUploadsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const page = await listUploads(this.ds, 'dataset', caller.accountId, limit, cursor);
    return { items: page.items.map(toDatasetListing), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<DatasetListing> {
    return toDatasetListing(await findOwnUpload(this.ds, 'dataset', caller.accountId, id));
  }

  /** The data as uploaded: CSV (header row in the upload's column order, streamed) or the tensor-map blob. */
  @Get(':id/data')
  async data(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const { format } = parseWith(datasetDataQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const row = await findOwnUpload(this.ds, 'dataset', caller.accountId, id);
    await this.download.send(row, format, res);
  }

  /** 204; the name is free again and new jobs can no longer name the dataset. */
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.deletion.execute('dataset', caller.accountId, id);
  }
}
