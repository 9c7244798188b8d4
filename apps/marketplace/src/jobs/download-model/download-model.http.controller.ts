import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { NotFoundError, type Logger } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../../http/auth.guards';
import { NotFoundCode } from '../../http/request-strings.interceptor';
import { ServiceUnavailableError } from '../../http/http-errors';
import { DATA_SOURCE, EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { findOwnJob } from '../job.queries';

/** Bytes written per chunk: the response goes out as the client reads it, not as one write. */
const CHUNK_BYTES = 64 * 1024;

@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
@NotFoundCode('JOB.NOT_FOUND')
export class DownloadModelController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The trained model of a completed training job: an ONNX inference graph with the weights and
   * the training split's feature standardization baked in (input `x` of raw features; output
   * `probabilities` or `prediction`), as the scheduler stored it when the job completed.
   */
  @Get(':id/model')
  async model(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const job = await findOwnJob(this.ds, caller.accountId, id);
    if (job.type !== 'training') {
      throw new NotFoundError('JOB.MODEL_NOT_FOUND', `job ${id} is a ${job.type} job; only training jobs produce a model`, { type: job.type });
    }
    const modelHash = job.status === 'completed' ? job.result?.modelHash : undefined;
    if (!modelHash) {
      const why = job.status === 'completed' ? 'completed before models were exported' : `is ${job.status}`;
      throw new NotFoundError('JOB.MODEL_NOT_READY', `job ${id} has no trained model: it ${why}`, { status: job.status });
    }
    const stored = await this.open(modelHash, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(stored.bytes));
    res.setHeader('Content-Disposition', `attachment; filename="corex-model-${id}.onnx"`);
    res.setHeader('ETag', `"${modelHash}"`);
    // Chunk by chunk from the store (a model larger than one chunk is never whole in memory); a
    // failure mid-body (a hash mismatch at the end) aborts the response rather than ending it cleanly.
    await pipeline(Readable.from(pieces(stored.chunks)), res).catch((err) => {
      this.logger.error({ err, jobId: id, modelHash }, 'trained model download broke off');
      res.destroy(err as Error);
    });
  }

  private async open(hash: string, jobId: string): Promise<{ bytes: number; chunks: AsyncIterable<Uint8Array> }> {
    const unavailable = (why: string) => {
      this.logger.error({ jobId, modelHash: hash, why }, 'trained model blob unusable');
      return new ServiceUnavailableError('JOB.MODEL_UNAVAILABLE', 'the model of this job cannot be read right now');
    };
    const stored = await (await this.log.blobs()).stream(hash).catch(() => {
      throw unavailable('blob store read failed or hash mismatch');
    });
    if (!stored) throw unavailable('blob missing');
    return stored;
  }
}

/** The store's chunks cut to at most CHUNK_BYTES, so the response follows the client's pace. */
export async function* pieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; at += CHUNK_BYTES) {
      yield Buffer.from(chunk.buffer, chunk.byteOffset + at, Math.min(CHUNK_BYTES, chunk.byteLength - at));
    }
  }
}
