import type { DataSource } from 'typeorm';
import type { CatalogService } from '../catalog/catalog.service';
import type { SubmitJobRequest } from '../jobs/submit-job/submit-job.request.dto';
import { checkFederatedSubmission, type FederationDataset } from './federated-submission';

/**
 * A submission naming `federation:<name>`, checked (checkFederatedSubmission) and resolved: the
 * model and the validation dataset become ids, the federation stays as named. Null for an
 * ordinary job (whose params.federated, if any, is refused).
 */
export async function resolveFederatedSubmission(
  ds: DataSource,
  catalog: CatalogService,
  accountId: string,
  asSent: SubmitJobRequest,
): Promise<{ request: SubmitJobRequest; dataset: FederationDataset } | null> {
  const ids = new Map<string, string>();
  const resolve = async (ref: string) => {
    const resolved = await catalog.resolve(accountId, { model: asSent.model, dataset: ref });
    ids.set('model', resolved.model);
    ids.set('validation', resolved.dataset);
    const view = await catalog.view(accountId, resolved);
    const dataset = view.datasets.find((d) => d.id === resolved.dataset);
    return dataset ? { features: dataset.features, classes: dataset.classes ?? [] } : null;
  };
  const dataset = await checkFederatedSubmission(ds, resolve, asSent);
  if (!dataset) return null;
  const params = asSent.params as Record<string, unknown>;
  const federated = { ...(params['federated'] as object), validationDataset: ids.get('validation')! };
  return { request: { ...asSent, model: ids.get('model')!, params: { ...params, federated } }, dataset };
}
