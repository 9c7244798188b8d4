import { Inject, Injectable } from '@nestjs/common';
import { subjects, type DatasetRegisteredData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { encodeTensorMap } from '@corex/compute';
import { decideDataset } from '@corex/marketplace-domain';
import { canonicalJson, deterministicId, sha256Hex, ValidationError, type Logger } from '@corex/platform';
import type { Projectors } from '../../infrastructure/projectors';
import { CLOCK, EVENT_LOG, LOGGER, PROJECTORS, type Clock } from '../../infrastructure/tokens';
import { assertStorableStrings, BODY_LIMITS, type StringLimits } from '../../http/request-strings';
import { registerUpload, type Registration } from '../upload-registration';
import { parseCsv } from './csv';
import { buildDataset } from './dataset-builder';
import { tableFromJson } from './json-table';
import type { DatasetView, RegisterDatasetQuery } from './register-dataset.request.dto';

/** Column and class names are stored in DatasetRegistered, which holds at most these. */
const NAME_LIMITS: StringLimits = { ...BODY_LIMITS, value: 100 };
const MAX_CLASSES = 1024;

export interface DatasetUpload extends RegisterDatasetQuery {
  format: 'csv' | 'json';
  body: Uint8Array;
}

@Injectable()
export class RegisterDatasetHandler {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(PROJECTORS) private readonly projectors: Projectors,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Parses and types the upload, stores it as a tensor-map blob and registers it once. */
  async execute(accountId: string, upload: DatasetUpload): Promise<Registration<DatasetView>> {
    const text = decodeUtf8(upload.body);
    const table = upload.format === 'csv' ? parseCsv(text) : tableFromJson(parseJson(text));
    assertStorableStrings(table.columns, 'body.columns', NAME_LIMITS);
    assertStorableStrings(table.rows, 'body.rows');
    const built = buildDataset(table, upload.label);
    assertStorableStrings(built.classNames, 'body.classes', NAME_LIMITS);
    if (built.classNames.length > MAX_CLASSES) {
      throw new ValidationError('DATASET.TOO_MANY_CLASSES', `at most ${MAX_CLASSES} classes`, { classes: built.classNames.length });
    }
    const blob = encodeTensorMap(built.tensors);
    const blobHash = sha256Hex(blob);
    // Names are not in the blob: the same numbers under other columns or classes are another dataset.
    const datasetId = deterministicId('dataset', accountId, blobHash, canonicalJson([built.featureNames, built.classNames]));
    const { featureNames, classNames, rows } = built;
    const dataset = { datasetId, accountId, name: upload.name, rows, featureNames, classNames, blobHash, bytes: blob.length };
    const registration = await registerUpload<DatasetRegisteredData>({
      log: this.log,
      projectors: this.projectors,
      logger: this.logger,
      subject: subjects.dataset(datasetId),
      projection: 'marketplace.datasets',
      blob,
      decide: (state) => decideDataset({ kind: 'RegisterDataset', dataset, now: this.clock() }, state),
    });
    return { created: registration.created, data: toDatasetView(registration.data) };
  }
}

function toDatasetView(d: DatasetRegisteredData): DatasetView {
  return { id: d.datasetId, name: d.name, rows: d.rows, features: d.featureNames, classes: d.classNames, blobHash: d.blobHash };
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
