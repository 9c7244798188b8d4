import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { EventLog } from '@corex/eventstore';
import { NotFoundError, type Logger } from '@corex/platform';
import type { CatalogService } from '../../catalog/catalog.service';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { ServiceUnavailableError } from '../../http/http-errors';
import { parseWith } from '../../http/parse-body';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { CATALOG, DATA_SOURCE, EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { completedResult, readResultDocument } from '../get-result/result-document.reader';
import { findOwnJob } from '../job.queries';
import type { StoredJobRow } from '../job.view';
import { listedOutputs, type ListedOutput } from './job-outputs';
import { outputColumns, outputRecords } from './output-records';
import { openTensorRows } from './tensor-rows';

/** `format` wins over Accept; without either, the tensor map. */
export const downloadOutputQuerySchema = z.strictObject({ format: z.enum(['csv', 'tensors']).optional() });

/** Bytes written per chunk: the response goes out as the client reads it, not as one write. */
const CHUNK_BYTES = 64 * 1024;

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class DownloadOutputController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CATALOG) private readonly catalog: CatalogService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One output blob of the caller's completed job, among those its result document lists (a
   * preprocessed shard, a part of the predictions or embeddings): the tensor map as stored
   * (`application/octet-stream`) or the output as CSV (`text/csv`: `row`, then one column per
   * class, feature or dimension). Any other hash is JOB.OUTPUT_NOT_FOUND, like a missing one.
   * Both are streamed: the blob comes from the store chunk by chunk, CSV rows are made as its
   * bytes arrive, and the body is written as the client reads it.
   */
  @Get(':id/outputs/:hash')
  async download(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('hash') hash: string,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { format } = parseWith(downloadOutputQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    const job = await findOwnJob(this.ds, caller.accountId, id);
    const document = await readResultDocument(this.log, this.logger, id, completedResult(job));
    const listed = listedOutputs(document).find((o) => o.hash === hash);
    if (!listed) throw new NotFoundError('JOB.OUTPUT_NOT_FOUND', `job ${id} has no output ${hash.slice(0, 64)}`, { outputs: `/v1/jobs/${id}/result` });
    const chosen = format ?? (req.accepts(['application/octet-stream', 'text/csv']) === 'text/csv' ? 'csv' : 'tensors');
    const stored = await (await this.log.blobs()).stream(hash).catch(() => {
      throw this.unavailable(id, hash, 'blob store read failed or hash mismatch');
    });
    if (!stored) throw this.unavailable(id, hash, 'blob missing');
    const file = `${id}-${hash.slice(0, 12)}`;
    res.setHeader('ETag', `"${hash}"`);
    res.setHeader('Vary', 'Accept');
    if (chosen === 'tensors') {
      res.status(200).type('application/octet-stream').setHeader('Content-Disposition', `attachment; filename="${file}.tensors"`);
      res.setHeader('Content-Length', String(stored.bytes));
      await this.send(Readable.from(inPieces(stored.chunks)), res, id);
      return;
    }
    const columns = await this.columnsOf(caller.accountId, job, document, listed);
    const tensor = await openTensorRows(stored.chunks, listed.output).catch((err) => {
      throw this.unavailable(id, hash, `not a tensor map with ${listed.output}: ${(err as Error).message}`);
    });
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${file}.csv"`);
    const records = outputRecords(tensor.rows, listed.rowRange[0], outputColumns(listed.output, tensor.dims[1] ?? 1, columns));
    await this.send(Readable.from(records), res, id, stringify({ record_delimiter: 'unix' }));
  }

  /** The names the job knows for the output's columns: class names, the dataset's features or target. */
  private async columnsOf(accountId: string, job: StoredJobRow, document: Record<string, unknown>, listed: ListedOutput): Promise<readonly string[] | null> {
    if (listed.output === 'probabilities') return Array.isArray(document['classNames']) ? (document['classNames'] as string[]) : null;
    if (listed.output !== 'y' && listed.output !== 'prediction') return null;
    // A preprocessing job names its output's columns (a slicer keeps some of the dataset's).
    if (listed.output === 'y' && Array.isArray(document['featureNames'])) return document['featureNames'] as string[];
    const view = await this.catalog.view(accountId, { model: job.model, dataset: job.dataset }).catch(() => null);
    const dataset = view?.datasets.find((d) => d.id === job.dataset) as { features?: string[]; targetName?: string } | undefined;
    if (listed.output === 'prediction') return dataset?.targetName ? [dataset.targetName] : null;
    return dataset?.features ?? null;
  }

  private unavailable(jobId: string, hash: string, why: string): ServiceUnavailableError {
    this.logger.error({ jobId, outputHash: hash, why }, 'job output blob unusable');
    return new ServiceUnavailableError('JOB.OUTPUT_UNAVAILABLE', 'this output of the job cannot be read right now');
  }

  private async send(body: Readable, res: Response, jobId: string, transform?: NodeJS.ReadWriteStream): Promise<void> {
    const done = transform ? pipeline(body, transform, res) : pipeline(body, res);
    // The client hung up: nothing to answer.
    await done.catch((err) => this.logger.debug({ err, jobId }, 'output download ended early'));
  }
}

/** The store's chunks (up to a message each) as writes of at most CHUNK_BYTES, so the response goes out as the client reads it. */
async function* inPieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const bytes of chunks) {
    for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK_BYTES, bytes.byteLength - at));
  }
}
