import type { DataSource } from 'typeorm';
import { federationOfDataset } from '@corex/compute';
import { ValidationError } from '@corex/platform';
import { federationView } from './federations.query';

/** What a federated job's dataset looks like to the submission decider (features and classes, no rows to read). */
export interface FederationDataset {
  id: string;
  features: readonly string[];
  classes: readonly string[];
  rows: number;
}

/** A validation dataset as the catalog resolves it: its id, features and classes. */
export type ResolveDataset = (ref: string) => Promise<{ features: readonly string[]; classes: readonly string[] } | null>;

/**
 * Checks a job naming `federation:<name>` before the decider sees it: the federation has 2
 * members at least, `params.federated` is given, and its validation dataset (built-in or the
 * caller's) has the federation's features and classes. A job with `params.federated` must name a
 * federation. Null for an ordinary job.
 */
export async function checkFederatedSubmission(ds: DataSource, resolve: ResolveDataset, request: { type: string; dataset: string; params?: Record<string, unknown> }): Promise<FederationDataset | null> {
  const federation = federationOfDataset(request.dataset);
  const federated = request.params?.['federated'] as { validationDataset?: unknown } | undefined;
  if (federation === null) {
    if (federated !== undefined) throw new ValidationError('JOB.FEDERATED_PARAMS_MISPLACED', 'params.federated applies only to a training job whose dataset is federation:<name>');
    return null;
  }
  if (request.type !== 'training') throw new ValidationError('JOB.FEDERATION_TRAINING_ONLY', 'a federation can only be named by a training job');
  const view = await federationView(ds, federation);
  if (!view) throw new ValidationError('JOB.FEDERATION_UNKNOWN', `federation ${federation} has no members (GET /v1/federations/${federation})`, { federation });
  if (view.members < 2) throw new ValidationError('JOB.FEDERATION_TOO_SMALL', `federation ${federation} has ${view.members} member; secure aggregation needs 2 at least`, { federation, members: view.members });
  if (typeof federated?.validationDataset !== 'string') throw new ValidationError('JOB.FEDERATED_PARAMS_REQUIRED', 'a federated job needs params.federated with a validationDataset');
  const validation = await resolve(federated.validationDataset);
  if (!validation) throw new ValidationError('JOB.DATASET_UNKNOWN', `unknown validation dataset ${federated.validationDataset}`, { dataset: federated.validationDataset });
  if (!same(validation.features, view.featureNames) || !same(validation.classes, view.classNames)) {
    throw new ValidationError('JOB.FEDERATION_SCHEMA_MISMATCH', `validation dataset ${federated.validationDataset} does not have federation ${federation}'s features and classes`, {
      federation,
      features: view.featureNames,
      classes: view.classNames,
    });
  }
  return { id: request.dataset, features: view.featureNames, classes: view.classNames, rows: view.totalRows };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
