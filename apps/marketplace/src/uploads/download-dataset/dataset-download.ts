import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { decodeTensorMap } from '@corex/compute';
import type { EventLog } from '@corex/eventstore';
import { NotFoundError, type Logger } from '@corex/platform';
import { EVENT_LOG, LOGGER } from '../../infrastructure/tokens';
import { datasetRecords } from './dataset-records';

/**
 * Sends a dataset back. The blob is read whole (the store reads no ranges): memory is the
 * tensors, 4 bytes a cell; the CSV text is written as the client reads it (csv-stringify, with
 * backpressure), never held whole.
 */
@Injectable()
export class DatasetDownload {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(row: Record<string, any>, format: 'csv' | 'tensors', res: Response): Promise<void> {
    const stored = await (await this.log.blobs()).get(row.blob_hash);
    if (!stored) throw new NotFoundError('DATASET.DATA_MISSING', `the data of dataset ${row.id} is not in the blob store`);
    if (format === 'tensors') {
      res.status(200).type('application/octet-stream').setHeader('Content-Disposition', `attachment; filename="${row.id}.tensors"`);
      res.end(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength));
      return;
    }
    // Copied: the store may hand back a pooled Buffer, which the decoder must not view in place.
    const tensors = decodeTensorMap(new Uint8Array(stored));
    const described = {
      rows: row.rows,
      featureNames: row.feature_names,
      classNames: row.class_names,
      targetName: row.target_name ?? undefined,
      labelName: row.label_name ?? undefined,
      outputColumnIndex: row.output_column_index ?? undefined,
    };
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${row.id}.csv"`);
    await pipeline(Readable.from(datasetRecords(described, tensors)), stringify({ record_delimiter: 'unix' }), res).catch((err) => {
      // The client hung up: nothing to answer.
      this.logger.debug({ err, id: row.id }, 'dataset download ended early');
    });
  }
}
