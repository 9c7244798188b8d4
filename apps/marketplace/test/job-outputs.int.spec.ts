import { parse } from 'csv-parse/sync';
import { decodeTensorMap, encodeTensorMap } from '@corex/compute';
import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { work } from './work-events';

const FEATURES = ['beak_length', 'beak_depth', 'flipper_length', 'body_mass'];

describe('downloading the outputs of a job', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  const submit = async (token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', '/v1/jobs', { token, body: { dataset: 'penguins', budget: '5', ...body } });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const put = async (bytes: Uint8Array) => (await h.log.blobs()).put(bytes);
  /** Plays the scheduler: stores the result document and completes the job with it. */
  const complete = async (id: string, document: Record<string, unknown>, rows: number) => {
    const resultHash = await put(new TextEncoder().encode(JSON.stringify(document)));
    await h.settle(await h.append(subjects.job(id), [work.completed(id, { kind: document['kind'] as never, resultHash, rows, accuracy: undefined })]));
    return resultHash;
  };
  const download = (path: string, token: string, headers: Record<string, string> = {}) =>
    fetch(`${h.api.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  /** Values no decimal of few digits hits exactly, so a CSV that rounds would not read back the same. */
  const awkward = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed + i) * 10 ** ((i % 7) - 3)));

  it('serves each preprocessed shard as the stored tensor map or as CSV whose numbers read back as the same float32', async () => {
    const id = await submit(alice.apiKey, { type: 'preprocessing', model: 'standardizer' });
    expectProblem(await h.request('GET', `/v1/jobs/${id}/outputs/${'a'.repeat(64)}`, { token: alice.apiKey }), 409, 'JOB.NOT_FINISHED');
    const shards = [
      { rowRange: [0, 3], y: awkward(12, 1) },
      { rowRange: [3, 5], y: awkward(8, 2) },
    ];
    const stored = await Promise.all(shards.map((s) => put(encodeTensorMap({ y: { data: s.y, dims: [s.y.length / 4, 4] } }))));
    await complete(id, { kind: 'preprocessed-data', operation: 'standardize', output: 'y', shards: shards.map((s, i) => ({ rowRange: s.rowRange, blobHash: stored[i] })) }, 5);

    const result = await h.request('GET', `/v1/jobs/${id}/result`, { token: alice.apiKey });
    expect(result.body.shards.map((s: { url: string }) => s.url)).toEqual(stored.map((hash) => `/v1/jobs/${id}/outputs/${hash}`));

    const tensors = await download(result.body.shards[1].url, alice.apiKey);
    expect(tensors.status).toBe(200);
    expect(tensors.headers.get('content-type')).toBe('application/octet-stream');
    const map = decodeTensorMap(new Uint8Array(await tensors.arrayBuffer()));
    expect([...map['y']!.data]).toEqual([...shards[1]!.y]);

    const asks: Array<{ query: string; headers: Record<string, string> }> = [{ query: '?format=csv', headers: {} }, { query: '', headers: { accept: 'text/csv' } }];
    for (const asked of asks) {
      const csv = await download(`${result.body.shards[0].url}${asked.query}`, alice.apiKey, asked.headers);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, ...records] = parse(await csv.text()) as string[][];
      expect(header).toEqual(['row', ...FEATURES]);
      expect(records.map((r) => r[0])).toEqual(['0', '1', '2']);
      expect(records.flatMap((r) => r.slice(1).map((cell) => Math.fround(Number(cell))))).toEqual([...shards[0]!.y]);
    }
  });

  it('streams a shard larger than one message of the store, chunk by chunk, as the exact bytes stored or as CSV', async () => {
    const id = await submit(alice.apiKey, { type: 'preprocessing', model: 'standardizer' });
    const y = awkward(100_000 * 4, 5); // 1.6 MB: two chunks at the server's 1 MiB max payload
    const bytes = encodeTensorMap({ y: { data: y, dims: [100_000, 4] } });
    const shard = await put(bytes);
    await complete(id, { kind: 'preprocessed-data', operation: 'standardize', output: 'y', shards: [{ rowRange: [0, 100_000], blobHash: shard }] }, 100_000);
    const res = await download(`/v1/jobs/${id}/outputs/${shard}`, alice.apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // As CSV too: rows made as the chunks arrive, every value as stored.
    const csv = await download(`/v1/jobs/${id}/outputs/${shard}?format=csv`, alice.apiKey);
    const [header, ...records] = parse(await csv.text()) as string[][];
    expect(header).toEqual(['row', ...FEATURES]);
    expect(records).toHaveLength(100_000);
    expect(records.at(-1)![0]).toBe('99999');
    const values = Float32Array.from(records.flatMap((r) => r.slice(1).map(Number)));
    expect(Buffer.from(values.buffer).equals(Buffer.from(y.buffer))).toBe(true);
  });

  it('serves the parts of predictions as CSV headed by the class names', async () => {
    const id = await submit(alice.apiKey, { type: 'inference', model: 'penguins-mlp' });
    const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.05, 0.15, 0.8]);
    const part = await put(encodeTensorMap({ probabilities: { data: probabilities, dims: [2, 3] } }));
    const classNames = ['Adelie', 'Chinstrap', 'Gentoo'];
    await complete(id, { kind: 'predictions', classNames, predictions: [], output: 'probabilities', parts: [{ rowRange: [10, 12], blobHash: part }] }, 2);
    const csv = await download(`/v1/jobs/${id}/outputs/${part}?format=csv`, alice.apiKey);
    const [header, ...records] = parse(await csv.text()) as string[][];
    expect(header).toEqual(['row', ...classNames]);
    expect(records.map((r) => r[0])).toEqual(['10', '11']);
    expect(records.flatMap((r) => r.slice(1).map((cell) => Math.fround(Number(cell))))).toEqual([...probabilities]);
  });

  it('serves only the outputs of that job of the caller: any other hash, job or tenant is not found', async () => {
    const mine = await submit(alice.apiKey, { type: 'preprocessing', model: 'standardizer' });
    const shard = await put(encodeTensorMap({ y: { data: awkward(4, 3), dims: [1, 4] } }));
    const resultHash = await complete(mine, { kind: 'preprocessed-data', operation: 'standardize', output: 'y', shards: [{ rowRange: [0, 1], blobHash: shard }] }, 1);
    const other = await submit(alice.apiKey, { type: 'preprocessing', model: 'standardizer' });
    const otherShard = await put(encodeTensorMap({ y: { data: awkward(4, 4), dims: [1, 4] } }));
    await complete(other, { kind: 'preprocessed-data', operation: 'standardize', output: 'y', shards: [{ rowRange: [0, 1], blobHash: otherShard }] }, 1);
    const bobs = await submit(bob.apiKey, { type: 'preprocessing', model: 'standardizer' });
    await complete(bobs, { kind: 'preprocessed-data', operation: 'standardize', output: 'y', shards: [] }, 0);

    expect((await download(`/v1/jobs/${mine}/outputs/${shard}`, alice.apiKey)).status).toBe(200);
    // Blobs that exist, but are not an output this job lists: another job's shard, the result document itself.
    expectProblem(await h.request('GET', `/v1/jobs/${mine}/outputs/${otherShard}`, { token: alice.apiKey }), 404, 'JOB.OUTPUT_NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${mine}/outputs/${resultHash}`, { token: alice.apiKey }), 404, 'JOB.OUTPUT_NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${mine}/outputs/not-a-hash`, { token: alice.apiKey }), 404, 'JOB.OUTPUT_NOT_FOUND');
    // Another tenant: Alice's job is missing for Bob, and Bob's own job does not list Alice's shard.
    expectProblem(await h.request('GET', `/v1/jobs/${mine}/outputs/${shard}`, { token: bob.apiKey }), 404, 'JOB.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${bobs}/outputs/${shard}`, { token: bob.apiKey }), 404, 'JOB.OUTPUT_NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/jobs/${mine}/outputs/${shard}?format=xml`, { token: alice.apiKey }), 400, 'REQUEST.INVALID_QUERY');
  });
});
