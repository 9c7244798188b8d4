import { Inject, Injectable } from '@nestjs/common';
import { subjects, type DatasetRegisteredData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { encodeTensorMap } from '@corex/compute';
import { decideDataset } from '@corex/marketplace-domain';
import { canonicalJson, deterministicId, sha256Hex, ValidationError, type Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, DATA_SOURCE, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import { assertStorableStrings } from '../../http/request-strings';
import { registerUpload, type Registration } from '../upload-registration';
import { assertNameFreeInReadModel } from '../upload-listing';
import { NAME_LIMITS, readCsvDataset } from './csv';
import { buildDataset, type BuiltDataset } from './dataset-builder';
import { tableFromJson } from './json-table';
import type { DatasetView, RegisterDatasetQuery } from './register-dataset.request.dto';

/** CSV streams in as it is parsed; a JSON array is read whole (its own, smaller, limit). */
export type DatasetUpload = RegisterDatasetQuery & ({ format: 'csv'; body: AsyncIterable<Uint8Array> } | { format: 'json'; body: Uint8Array });

@Injectable()
export class RegisterDatasetHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Parses and types the upload, stores it as a tensor-map blob and registers it once under its name. */
  async execute(accountId: string, upload: DatasetUpload): Promise<Registration<DatasetView>> {
    const built = await this.build(upload);
    assertStorableStrings(built.classNames, 'body.classes', NAME_LIMITS);
    const blob = encodeTensorMap(built.tensors);
    const blobHash = sha256Hex(blob);
    const { featureNames, classNames, targetName, labelName, outputColumnIndex, rows } = built;
    // Names are not in the blob: the same numbers under other columns or classes are another dataset.
    const datasetId = deterministicId('dataset', accountId, blobHash, canonicalJson(targetName === undefined ? [featureNames, classNames] : [featureNames, classNames, targetName]));
    const dataset = {
      datasetId,
      accountId,
      name: upload.name,
      rows,
      featureNames,
      classNames,
      ...(targetName === undefined ? {} : { targetName }),
      ...(labelName === undefined ? {} : { labelName }),
      ...(outputColumnIndex === undefined ? {} : { outputColumnIndex }),
      blobHash,
      bytes: blob.length,
    };
    await assertNameFreeInReadModel(this.ds, 'dataset', accountId, upload.name, datasetId);
    const now = this.clock();
    const registration = await registerUpload<DatasetRegisteredData>({
      log: this.log,
      projectors: this.projectors,
      logger: this.logger,
      subject: subjects.dataset(datasetId),
      projection: 'marketplace.datasets',
      blob,
      name: { uploadKind: 'dataset', accountId, name: upload.name, uploadId: datasetId, now },
      decide: (state) => decideDataset({ kind: 'RegisterDataset', dataset, now }, state),
    });
    return { created: registration.created, data: toDatasetView(registration.data) };
  }

  private async build(upload: DatasetUpload): Promise<BuiltDataset> {
    const output = { label: upload.label, target: upload.target };
    if (upload.format === 'csv') return readCsvDataset(upload.body, output);
    const table = tableFromJson(parseJson(decodeUtf8(upload.body)));
    assertStorableStrings(table.columns, 'body.columns', NAME_LIMITS);
    assertStorableStrings(table.rows, 'body.rows');
    return buildDataset(table, output);
  }
}

export function toDatasetView(d: DatasetRegisteredData): DatasetView {
  const view: DatasetView = { id: d.datasetId, name: d.name, rows: d.rows, features: d.featureNames, classes: d.classNames, blobHash: d.blobHash };
  if (d.targetName !== undefined) view.target = d.targetName;
  return view;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('DATASET.ENCODING_INVALID', 'the body must be UTF-8 text');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('REQUEST.MALFORMED_JSON', 'request body is not valid JSON');
  }
}
