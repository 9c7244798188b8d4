import { buildMlpForward, decodeTensorMap } from '@corex/compute';
import { subjects } from '@corex/events';
import { DATASET_LIMIT, startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

const csv = 'bill,flipper,species\n39.1,181,adelie\n46.5,"217",gentoo\n38.6,190,adelie\n';
const rows = [
  { bill: 39.1, flipper: 181, species: 'adelie' },
  { bill: 46.5, flipper: '217', species: 'gentoo' },
];

describe('marketplace uploads', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  const uploadCsv = (token: string, body: string | Uint8Array, query = 'name=penguins-mini&label=species') =>
    h.request('POST', `/v1/datasets?${query}`, { token, raw: body, headers: { 'content-type': 'text/csv' } });
  const uploadModel = (token: string, body: Uint8Array, name = 'mlp') =>
    h.request('POST', `/v1/models?name=${name}`, { token, raw: body, headers: { 'content-type': 'application/octet-stream' } });

  /** Runs a refused upload and proves it stored no event and no blob. */
  async function refusedUnchanged(run: () => Promise<{ status: number; body: any; headers: Headers }>, status: number, code: string) {
    const [events, blobs] = [await h.eventCount(), await h.blobCount()];
    expectProblem(await run(), status, code);
    expect([await h.eventCount(), await h.blobCount()]).toEqual([events, blobs]);
  }

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('registers a labelled CSV dataset as a tensor-map blob and lists it to its account only', async () => {
    const res = await uploadCsv(alice.apiKey, csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'penguins-mini',
      rows: 3,
      features: ['bill', 'flipper'],
      classes: ['adelie', 'gentoo'],
      blobHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Copied: BlobStore.get returns a Node Buffer, which decodeTensorMap misreads (see the report).
    const tensors = decodeTensorMap(new Uint8Array((await (await h.log.blobs()).get(res.body.blobHash))!));
    expect(Array.from(tensors.x!.data as Float32Array)).toEqual([39.099998474121094, 181, 46.5, 217, 38.599998474121094, 190]);
    expect(Array.from(tensors.y!.data as BigInt64Array)).toEqual([0n, 1n, 0n]);
    const stored = await h.log.store.read(subjects.dataset(res.body.id));
    expect(stored.events[0]!.event.data).toMatchObject({ accountId: alice.id, rows: 3, featureNames: ['bill', 'flipper'] });

    const mine = await h.request('GET', '/v1/catalog', { token: alice.apiKey });
    expect(mine.body.datasets.map((d: { id: string }) => d.id)).toContain(res.body.id);
    const theirs = await h.request('GET', '/v1/catalog', { token: bob.apiKey });
    expect(theirs.body.datasets.map((d: { id: string }) => d.id)).not.toContain(res.body.id);
  });

  it('registers the same upload twice as one dataset', async () => {
    const first = await uploadCsv(alice.apiKey, csv);
    const count = await h.eventCount();
    const again = await uploadCsv(alice.apiKey, csv.replace(/\n/g, '\r\n'), 'name=renamed&label=species');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await h.eventCount()).toBe(count);
  });

  it('registers a JSON array of flat objects, unlabelled', async () => {
    const res = await h.request('POST', '/v1/datasets?name=measurements', { token: bob.apiKey, body: rows.map(({ species: _, ...r }) => r) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, features: ['bill', 'flipper'], classes: [] });
    const catalog = await h.request('GET', '/v1/catalog', { token: bob.apiKey });
    expect(catalog.body.datasets.find((d: { id: string }) => d.id === res.body.id)).toMatchObject({ name: 'measurements', origin: 'upload' });
  });

  it('refuses a non-numeric cell, naming its row and column, and stores nothing', async () => {
    await refusedUnchanged(() => uploadCsv(alice.apiKey, 'a,b\n1,2\n3,NaN\n', 'name=x'), 400, 'DATASET.VALUE_INVALID');
    const res = await uploadCsv(alice.apiKey, 'a,b\n1,2\n3,\n', 'name=x');
    expect(res.body.details).toEqual({ row: 2, column: 'b' });
    await refusedUnchanged(
      () => h.request('POST', '/v1/datasets?name=x', { token: alice.apiKey, body: [{ a: 1 }, { a: 'one' }] }),
      400,
      'DATASET.VALUE_INVALID',
    );
  });

  it('refuses no rows, no features, an unknown label and malformed CSV or JSON, storing nothing', async () => {
    await refusedUnchanged(() => uploadCsv(alice.apiKey, 'a,b\n', 'name=x'), 400, 'DATASET.EMPTY');
    await refusedUnchanged(() => h.request('POST', '/v1/datasets?name=x', { token: alice.apiKey, body: [] }), 400, 'DATASET.EMPTY');
    await refusedUnchanged(() => uploadCsv(alice.apiKey, 'y\na\n', 'name=x&label=y'), 400, 'DATASET.NO_FEATURES');
    await refusedUnchanged(() => uploadCsv(alice.apiKey, csv, 'name=x&label=kind'), 400, 'DATASET.LABEL_UNKNOWN');
    await refusedUnchanged(() => uploadCsv(alice.apiKey, 'a,b\n1\n', 'name=x'), 400, 'DATASET.CSV_MALFORMED');
    await refusedUnchanged(
      () => h.request('POST', '/v1/datasets?name=x', { token: alice.apiKey, raw: '[{"a":', headers: { 'content-type': 'application/json' } }),
      400,
      'REQUEST.MALFORMED_JSON',
    );
    await refusedUnchanged(() => uploadCsv(alice.apiKey, csv, 'label=species'), 400, 'REQUEST.INVALID_QUERY');
  });

  it('refuses an oversized body with 413 and another media type with 415, storing nothing', async () => {
    const big = `a\n${'1\n'.repeat(DATASET_LIMIT)}`;
    await refusedUnchanged(() => uploadCsv(alice.apiKey, big, 'name=big'), 413, 'REQUEST.TOO_LARGE');
    const chunked = new Blob([big]).stream();
    await refusedUnchanged(
      () =>
        fetch(`${h.api.url}/v1/datasets?name=big`, {
          method: 'POST',
          headers: { authorization: `Bearer ${alice.apiKey}`, 'content-type': 'text/csv' },
          body: chunked,
          duplex: 'half',
        } as RequestInit).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() })),
      413,
      'REQUEST.TOO_LARGE',
    );
    await refusedUnchanged(
      () => h.request('POST', '/v1/datasets?name=x', { token: alice.apiKey, raw: csv, headers: { 'content-type': 'text/plain' } }),
      415,
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('registers an ONNX model that onnxruntime loads, with its inputs and outputs', async () => {
    const res = await uploadModel(alice.apiKey, buildMlpForward({ inputs: 2, hidden: 8, classes: 2 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: 'mlp', tasks: ['inference'], graphHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.inputs).toEqual([
      { name: 'x', type: 'float32', dims: ['N', 2] },
      { name: 'W1', type: 'float32', dims: [2, 8] },
      { name: 'b1', type: 'float32', dims: [8] },
      { name: 'W2', type: 'float32', dims: [8, 2] },
      { name: 'b2', type: 'float32', dims: [2] },
    ]);
    expect(res.body.outputs.map((o: { name: string }) => o.name)).toEqual(['logits', 'probabilities', 'hidden']);
    expect(await (await h.log.blobs()).has(res.body.graphHash)).toBe(true);
    const theirs = await h.request('GET', '/v1/catalog', { token: bob.apiKey });
    expect(theirs.body.models.map((m: { id: string }) => m.id)).not.toContain(res.body.id);
  });

  it('refuses bytes that are not a loadable ONNX model, and an empty body, storing nothing', async () => {
    await refusedUnchanged(() => uploadModel(alice.apiKey, new TextEncoder().encode('definitely not onnx')), 400, 'MODEL.INVALID_ONNX');
    await refusedUnchanged(() => uploadModel(alice.apiKey, new Uint8Array(0)), 400, 'REQUEST.BODY_REQUIRED');
  });

  it("accepts jobs naming the caller's uploads and refuses another account's", async () => {
    const dataset = (await uploadCsv(alice.apiKey, 'a,b\n1,2\n3,4\n', 'name=pairs')).body;
    const model = (await uploadModel(alice.apiKey, buildMlpForward({ inputs: 2, hidden: 4, classes: 2 }), 'small')).body;
    const job = { type: 'inference', model: model.id, dataset: dataset.id, budget: '1' };
    expect((await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: job })).status).toBe(202);
    expectProblem(await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { ...job, type: 'training' } }), 400, 'JOB.MODEL_TASK_UNSUPPORTED');
    expectProblem(await h.request('POST', '/v1/jobs', { token: bob.apiKey, body: job }), 400, 'JOB.MODEL_UNKNOWN');
    expectProblem(await h.request('POST', '/v1/jobs', { token: bob.apiKey, body: { ...job, model: 'penguins-mlp' } }), 400, 'JOB.DATASET_UNKNOWN');
  });

  it('asks for an API key before reading an upload', async () => {
    expectProblem(await h.request('POST', '/v1/datasets?name=x', { raw: csv, headers: { 'content-type': 'text/csv' } }), 401, 'AUTH.MISSING_API_KEY');
  });
});
