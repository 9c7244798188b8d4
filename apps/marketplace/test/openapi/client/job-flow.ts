import { createClient, type Client } from './typed-fetch';

/**
 * A customer's whole path through the generated client, written as a customer would: no casts,
 * no `any`; every path, param, body and answer is typed by the document. A spec type-checks this
 * file against a client generated from the served document, then runs it against a stack.
 */
export interface FlowInput {
  baseUrl: string;
  adminToken: string;
  /** A CSV with a header row, and the column holding the classes. */
  csv: string;
  label: string;
  /** Gives up waiting for the job after this long. */
  deadlineMs: number;
}

export async function customerJobFlow({ baseUrl, adminToken, csv, label, deadlineMs }: FlowInput) {
  const api = createClient(baseUrl);

  const account = await api.call('/v1/accounts', 'post', { token: adminToken, body: { type: 'application/json', value: { name: 'flow-customer' } } });
  if (account.status !== 201) throw new Error(`createAccount answered ${account.status}`);
  const token = account.body.apiKey;

  const upload = await api.call('/v1/datasets', 'post', { token, query: { name: 'flow-dataset', label }, body: { type: 'text/csv', value: csv } });
  if (upload.status !== 201) throw new Error(`uploadDataset answered ${upload.status}: ${JSON.stringify(upload.body)}`);
  const dataset = upload.body;

  const submitted = await api.call('/v1/jobs', 'post', {
    token,
    body: { type: 'application/json', value: { type: 'training', model: 'mlp', dataset: dataset.name, budget: '5', params: { epochs: 20, shards: 2, hiddenUnits: 8 } } },
  });
  if (submitted.status !== 202) throw new Error(`submitJob answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const jobId = submitted.body.id;

  const statuses = await followUntilFinished(api, token, jobId, deadlineMs);

  const job = await api.call('/v1/jobs/{id}', 'get', { token, path: { id: jobId } });
  if (job.status !== 200 || job.body.result === null) throw new Error('the completed job has no result');
  const steps = await api.call('/v1/jobs/{id}/steps', 'get', { token, path: { id: jobId }, query: { limit: 1000 } });
  if (steps.status !== 200) throw new Error(`listJobSteps answered ${steps.status}`);
  const document = await api.call('/v1/jobs/{id}/result', 'get', { token, path: { id: jobId } });
  if (document.status !== 200) throw new Error(`getJobResult answered ${document.status}`);
  const model = await api.download('/v1/jobs/{id}/model', 'get', { token, path: { id: jobId } });
  if (model.status !== 200) throw new Error(`downloadJobModel answered ${model.status}`);

  return { token, dataset, jobId, statuses, job: job.body, steps: steps.body.items, document: document.body, model: model.bytes };
}

/** Polls the job until it completes; throws when it fails, is cancelled or the deadline passes. Returns the statuses seen. */
export async function followUntilFinished(api: Client, token: string, jobId: string, deadlineMs: number): Promise<string[]> {
  const seen: string[] = [];
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const job = await api.call('/v1/jobs/{id}', 'get', { token, path: { id: jobId } });
    if (job.status !== 200) throw new Error(`getJob answered ${job.status}`);
    if (seen.at(-1) !== job.body.status) seen.push(job.body.status);
    if (job.body.status === 'completed') return seen;
    if (job.body.status === 'failed' || job.body.status === 'cancelled') throw new Error(`job ${job.body.status}: ${job.body.failure?.reason}`);
    if (Date.now() > giveUpAt) throw new Error(`job still ${job.body.status} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
