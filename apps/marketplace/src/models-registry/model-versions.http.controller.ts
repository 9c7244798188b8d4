import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { EventLog } from '@corex/eventstore';
import { NotFoundError, ValidationError, type Logger } from '@corex/platform';
import { ApiKeyGuard, CurrentCaller, type Caller } from '../http/auth.guards';
import { ServiceUnavailableError } from '../http/http-errors';
import { parseWith } from '../http/parse-body';
import { NotFoundCode } from '../http/request-strings.interceptor';
import { DATA_SOURCE, EVENT_LOG, LOGGER } from '../infrastructure/tokens';
import { pieces } from '../jobs/download-model/download-model.http.controller';
import { listStepsQuerySchema } from '../jobs/list-steps/list-steps.http.controller';
import type { ModelVersionsPage, ModelVersionView } from './model-registry.view.schema';
import { toModelVersion } from './model-version.view';
import { anchorsOf, findOwnTrainingJob, verdictsOf, versionPage, versionRow, type VersionRow } from './model-versions.queries';

/** A version number as a path segment: 1, 2, …; anything else is a bad request. */
export function parseVersionNumber(n: string): number {
  const value = /^[1-9]\d{0,9}$/.test(n) ? Number(n) : NaN;
  if (!(value <= 2 ** 31)) throw new ValidationError('MODEL.INVALID_VERSION', 'version must be a whole number from 1 to 2147483648', { version: n.slice(0, 32) });
  return value;
}

const encodeCursor = (version: number) => Buffer.from(String(version), 'utf8').toString('base64url');
const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/**
 * The model registry of a training job (registry model id = job id): each accepted step is a
 * version with its weights hash, parent, metrics, contributors and on-chain record. Only the
 * job's account sees it; uploaded models stay at GET /v1/models/{id}.
 */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
@NotFoundCode('MODEL.NOT_FOUND')
export class ModelVersionsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':id/versions')
  async list(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: unknown): Promise<ModelVersionsPage> {
    const { limit, cursor } = parseWith(listStepsQuerySchema, query, 'REQUEST.INVALID_QUERY', 'query is invalid');
    await findOwnTrainingJob(this.ds, caller.accountId, id);
    const rows = await versionPage(this.ds, id, cursor ?? null, limit + 1);
    const items = await this.views(id, rows.slice(0, limit));
    return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.version) : null };
  }

  @Get(':id/versions/:n')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string, @Param('n') n: string): Promise<ModelVersionView> {
    const row = await this.version(caller, id, n);
    return (await this.views(id, [row]))[0]!;
  }

  /** The version's weights blob as stored; its sha256 is the version's weightsHash (ETag, Digest, Repr-Digest). */
  @Get(':id/versions/:n/weights')
  async weights(@CurrentCaller() caller: Caller, @Param('id') id: string, @Param('n') n: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.version(caller, id, n);
    const hash = row.weights_hash;
    // Weights never change under a hash: a client holding them needs no second download.
    if (String(req.headers['if-none-match'] ?? '').split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${hash}"`)) {
      res.status(304).setHeader('ETag', `"${hash}"`);
      res.end();
      return;
    }
    const stored = await this.openBlob(hash, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(stored.bytes));
    res.setHeader('Content-Disposition', `attachment; filename="corex-${id}-v${row.step + 1}.weights"`);
    res.setHeader('ETag', `"${hash}"`);
    res.setHeader('Digest', `sha-256=${hexToBase64(hash)}`);
    res.setHeader('Repr-Digest', `sha-256=:${hexToBase64(hash)}:`);
    await pipeline(Readable.from(pieces(stored.chunks)), res).catch((err) => {
      this.logger.error({ err, jobId: id, weightsHash: hash }, 'model version weights download broke off');
      res.destroy(err as Error);
    });
  }

  private async version(caller: Caller, id: string, n: string): Promise<VersionRow> {
    const version = parseVersionNumber(n);
    await findOwnTrainingJob(this.ds, caller.accountId, id);
    const row = await versionRow(this.ds, id, version);
    if (!row) throw new NotFoundError('MODEL.VERSION_NOT_FOUND', `model ${id} has no version ${version}`, { version });
    return row;
  }

  private async views(jobId: string, rows: VersionRow[]): Promise<ModelVersionView[]> {
    const fragmentIds = rows.flatMap((r) => (r.participants ?? []).map((p) => p.fragmentId));
    const [anchors, verdicts] = await Promise.all([anchorsOf(this.ds, jobId), verdictsOf(this.ds, jobId, fragmentIds)]);
    return rows.map((row) => toModelVersion(jobId, row, anchors, verdicts));
  }

  private async openBlob(hash: string, jobId: string): Promise<{ bytes: number; chunks: AsyncIterable<Uint8Array> }> {
    const unavailable = (why: string) => {
      this.logger.error({ jobId, weightsHash: hash, why }, 'model version weights unusable');
      return new ServiceUnavailableError('MODEL.WEIGHTS_UNAVAILABLE', 'the weights of this version cannot be read right now');
    };
    const stored = await (await this.log.blobs()).stream(hash).catch(() => {
      throw unavailable('blob store read failed or hash mismatch');
    });
    if (!stored) throw unavailable('blob missing');
    return stored;
  }
}
