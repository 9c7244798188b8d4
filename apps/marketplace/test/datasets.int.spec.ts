import { createHash } from 'node:crypto';
import { buildMlpForward, decodeTensorMap } from '@corex/compute';
import { DatasetDeleted, subjects, UploadNameClaimed } from '@corex/events';
import { ABANDONED_CLAIM_MS } from '@corex/marketplace-domain';
import { uploadNameSubject } from '../src/uploads/upload-names';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';

type Account = { id: string; apiKey: string };

describe('marketplace datasets: streamed CSV, targets, names, listings and deletion', () => {
  let h: Harness;
  let alice: Account;
  let bob: Account;

  const uploadCsv = (who: Account, body: string | Uint8Array, query: string) =>
    h.request('POST', `/v1/datasets?${query}`, { token: who.apiKey, raw: body, headers: { 'content-type': 'text/csv' } });
  const uploadModel = (who: Account, body: Uint8Array, name: string) =>
    h.request('POST', `/v1/models?name=${name}`, { token: who.apiKey, raw: body, headers: { 'content-type': 'application/octet-stream' } });
  const tensorsOf = async (blobHash: string) => decodeTensorMap(new Uint8Array((await (await h.log.blobs()).get(blobHash))!));

  beforeAll(async () => {
    h = await startHarness({ env: { DATASET_LIMIT_BYTES: String(64 * 1024 * 1024) } });
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('streams a large CSV sent in chunks of unknown length into its tensors', async () => {
    const rows = 200_000;
    const encoder = new TextEncoder();
    let sent = 0;
    // Generated as it is sent: no Content-Length, so the server can only stream it.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('a,b,c,d,kind\r\n'));
      },
      pull(controller) {
        if (sent >= rows) return controller.close();
        const lines: string[] = [];
        for (let end = Math.min(rows, sent + 5000); sent < end; sent++) lines.push(`${sent},${-sent},${sent % 7}.5,1e-3,k${sent % 3}\r\n`);
        controller.enqueue(encoder.encode(lines.join('')));
      },
    });
    const res = await fetch(`${h.api.url}/v1/datasets?name=large&label=kind`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.apiKey}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    const created = (await res.json()) as { blobHash: string };
    expect(res.status).toBe(201);
    expect(created).toMatchObject({ rows, features: ['a', 'b', 'c', 'd'], classes: ['k0', 'k1', 'k2'] });
    const tensors = await tensorsOf(created.blobHash);
    const x = tensors.x!.data as Float32Array;
    expect(tensors.x!.dims).toEqual([rows, 4]);
    expect(Array.from(x.subarray(4 * 199_999, 4 * 200_000))).toEqual([199_999, -199_999, (199_999 % 7) + 0.5, Math.fround(1e-3)]);
    expect((tensors.y!.data as BigInt64Array)[199_999]).toBe(BigInt(199_999 % 3));
  });

  it('reads quoted fields, CRLF line ends, a byte-order mark and a line break inside a label', async () => {
    const text = '\ufeff"width, cm",height,"kind"\r\n1.5,"2",plain\r\n"3",4,"two\r\nlines ""quoted"""\r\n\r\n';
    const res = await uploadCsv(alice, text, 'name=quoted&label=kind');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, features: ['width, cm', 'height'], classes: ['plain', 'two\r\nlines "quoted"'] });
    expect(Array.from((await tensorsOf(res.body.blobHash)).x!.data as Float32Array)).toEqual([1.5, 2, 3, 4]);
  });

  it('gives the data back as streamed CSV in the upload\'s column order, or as the stored tensors', async () => {
    const text = 'bill,species,flipper\n39.1,"adelie, small",181\n46.5,gentoo,217\n';
    const dataset = (await uploadCsv(alice, text, 'name=download-me&label=species')).body;
    const res = await fetch(`${h.api.url}/v1/datasets/${dataset.id}/data?format=csv`, { headers: { authorization: `Bearer ${alice.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(text);
    const tensors = await fetch(`${h.api.url}/v1/datasets/${dataset.id}/data?format=tensors`, { headers: { authorization: `Bearer ${alice.apiKey}` } });
    const bytes = new Uint8Array(await tensors.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(dataset.blobHash);
    expectProblem(await h.request('GET', `/v1/datasets/${dataset.id}/data`, { token: bob.apiKey }), 404, 'DATASET.NOT_FOUND');
    expectProblem(await h.request('GET', `/v1/datasets/${dataset.id}/data?format=xlsx`, { token: alice.apiKey }), 400, 'REQUEST.INVALID_QUERY');
  });

  it('refuses a ragged row with a clear 400 naming the row and line', async () => {
    const res = await uploadCsv(alice, 'a,b\n1,2\n3,4,5\n', 'name=ragged');
    expectProblem(res, 400, 'DATASET.CSV_MALFORMED');
    expect(res.body.details).toEqual({ row: 2, line: 3, expected: 2, found: 3 });
  });

  it('stores a target column as t float32 [rows] and names it in the event', async () => {
    const res = await uploadCsv(alice, 'rooms,area,price\n3,70,250.5\n4,95,-1\n', 'name=houses&target=price');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, features: ['rooms', 'area'], classes: [], target: 'price' });
    const tensors = await tensorsOf(res.body.blobHash);
    expect(Array.from(tensors.t!.data as Float32Array)).toEqual([250.5, -1]);
    expect(tensors.t!.dims).toEqual([2]);
    expect(tensors.y).toBeUndefined();
    const stored = await h.log.store.read(subjects.dataset(res.body.id));
    expect(stored.events[0]!.event.data).toMatchObject({ targetName: 'price', classNames: [] });
    expect((await h.request('GET', `/v1/datasets/${res.body.id}`, { token: alice.apiKey })).body.target).toBe('price');
  });

  it('refuses label and target together, and a non-numeric target naming its row and column', async () => {
    expectProblem(await uploadCsv(alice, 'a,b\n1,2\n', 'name=both&label=a&target=b'), 400, 'REQUEST.INVALID_QUERY');
    const res = await uploadCsv(alice, 'a,price\n1,2\n3,cheap\n', 'name=cheap&target=price');
    expectProblem(res, 400, 'DATASET.VALUE_INVALID');
    expect(res.body.details).toEqual({ row: 2, column: 'price' });
  });

  it('keeps a name to one dataset per account: the same content again is the first registration, other content is 409', async () => {
    const first = await uploadCsv(alice, 'a,b\n1,2\n', 'name=pets');
    expect(first.status).toBe(201);
    const again = await uploadCsv(alice, 'a,b\r\n1,2\r\n', 'name=pets');
    expect([again.status, again.body]).toEqual([200, first.body]);
    const other = await uploadCsv(alice, 'a,b\n5,6\n', 'name=pets');
    expectProblem(other, 409, 'DATASET.NAME_TAKEN');
    expect(other.body.details).toEqual({ name: 'pets', existingId: first.body.id });
    // Another account has names of its own.
    expect((await uploadCsv(bob, 'a,b\n5,6\n', 'name=pets')).status).toBe(201);
  });

  it('lets exactly one of concurrent uploads of different data under one name win', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => uploadCsv(alice, `a,b\n${i},${i}\n`, 'name=contested')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!.body.id;
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.details.existingId).toBe(winner);
    const listed = (await h.request('GET', '/v1/datasets?limit=100', { token: alice.apiKey })).body.items;
    expect(listed.filter((d: { name: string }) => d.name === 'contested').map((d: { id: string }) => d.id)).toEqual([winner]);
  });

  it('answers concurrent uploads of the same data under one name with one registration', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => uploadCsv(alice, 'a,b\n9,9\n', 'name=twins')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('frees the name of a dataset deleted in the log even when its release was never appended', async () => {
    const erin = await h.createAccount('erin');
    const first = (await uploadCsv(erin, 'a\n1\n', 'name=orphan')).body;
    // A deletion whose name release was lost (the process stopped between the two appends).
    const seq = await h.append(subjects.dataset(first.id), [
      { type: DatasetDeleted.type, data: { datasetId: first.id, accountId: erin.id, name: 'orphan', deletedAt: new Date().toISOString() } },
    ]);
    await h.settle(seq, ['marketplace.datasets']);
    const next = await uploadCsv(erin, 'a\n2\n', 'name=orphan');
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(first.id);
  });

  it('takes over a name whose claim was abandoned (never registered) after the abandonment time, not before', async () => {
    const frank = await h.createAccount('frank');
    const claim = (name: string, minutesAgo: number) =>
      h.append(uploadNameSubject('dataset', frank.id, name), [
        {
          type: UploadNameClaimed.type,
          data: { kind: 'dataset', accountId: frank.id, name, uploadId: `never-registered-${name}`, claimedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() },
        },
      ]);
    await claim('stale', ABANDONED_CLAIM_MS / 60_000 + 1);
    await claim('fresh', 1);
    expect((await uploadCsv(frank, 'a\n1\n', 'name=stale')).status).toBe(201);
    const fresh = await uploadCsv(frank, 'a\n2\n', 'name=fresh');
    expectProblem(fresh, 409, 'DATASET.NAME_TAKEN');
    expect(fresh.body.details.existingId).toBe('never-registered-fresh');
  });

  it('keeps a name to one model per account', async () => {
    const first = await uploadModel(alice, buildMlpForward({ inputs: 2, hidden: 4, classes: 2 }), 'clf');
    expect(first.status).toBe(201);
    const other = await uploadModel(alice, buildMlpForward({ inputs: 2, hidden: 5, classes: 2 }), 'clf');
    expectProblem(other, 409, 'MODEL.NAME_TAKEN');
    expect(other.body.details.existingId).toBe(first.body.id);
  });

  it('takes a job naming the dataset and model by name, and JobSubmitted carries their ids', async () => {
    const dataset = (await uploadCsv(alice, 'a,b\n1,2\n3,4\n', 'name=pairs')).body;
    const model = (await uploadModel(alice, buildMlpForward({ inputs: 2, hidden: 3, classes: 2 }), 'pair-clf')).body;
    const res = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'inference', model: 'pair-clf', dataset: 'pairs', budget: '1' } });
    expect(res.status).toBe(202);
    const { events } = await h.log.store.read(subjects.job(res.body.id));
    expect(events[0]!.event.data).toMatchObject({ model: model.id, dataset: dataset.id });

    const unknown = await h.request('POST', '/v1/jobs', { token: alice.apiKey, body: { type: 'inference', model: 'pair-clf', dataset: 'no-such', budget: '1' } });
    expectProblem(unknown, 400, 'JOB.DATASET_UNKNOWN');
    expect(unknown.body.detail).toContain('GET /v1/datasets');
    // Another account's names are not the caller's.
    expectProblem(await h.request('POST', '/v1/jobs', { token: bob.apiKey, body: { type: 'inference', model: 'pair-clf', dataset: 'pets', budget: '1' } }), 400, 'JOB.MODEL_UNKNOWN');
  });

  it('lists datasets newest first in pages, to their own account only', async () => {
    const carol = await h.createAccount('carol');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await uploadCsv(carol, `a\n${i}\n`, `name=d${i}`)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await h.request('GET', `/v1/datasets?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: carol.apiKey });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect([seen, pages]).toEqual([[...ids].reverse(), 3]);
    const first = (await h.request('GET', '/v1/datasets?limit=1', { token: carol.apiKey })).body.items[0];
    expect(first).toEqual({ id: ids[4], name: 'd4', rows: 1, features: ['a'], classes: [], blobHash: expect.any(String), bytes: expect.any(Number), registeredAt: expect.any(String) });

    expect((await h.request('GET', '/v1/datasets', { token: bob.apiKey })).body.items.map((d: { id: string }) => d.id)).not.toContain(ids[0]);
    expectProblem(await h.request('GET', `/v1/datasets/${ids[0]}`, { token: bob.apiKey }), 404, 'DATASET.NOT_FOUND');
    expectProblem(await h.request('GET', '/v1/datasets?limit=0', { token: carol.apiKey }), 400, 'REQUEST.INVALID_QUERY');
  });

  it('deletes a dataset: gone from listings and jobs, its name free, a second delete 404, another account refused', async () => {
    const dave = await h.createAccount('dave');
    const dataset = (await uploadCsv(dave, 'a,b\n1,2\n', 'name=temp')).body;
    await uploadModel(dave, buildMlpForward({ inputs: 2, hidden: 3, classes: 2 }), 'temp-clf');
    expectProblem(await h.request('DELETE', `/v1/datasets/${dataset.id}`, { token: bob.apiKey }), 404, 'DATASET.NOT_FOUND');

    const deleted = await h.request('DELETE', `/v1/datasets/${dataset.id}`, { token: dave.apiKey });
    expect(deleted.status).toBe(204);
    expectProblem(await h.request('GET', `/v1/datasets/${dataset.id}`, { token: dave.apiKey }), 404, 'DATASET.NOT_FOUND');
    expect((await h.request('GET', '/v1/datasets', { token: dave.apiKey })).body.items).toEqual([]);
    const catalog = (await h.request('GET', '/v1/catalog', { token: dave.apiKey })).body;
    expect(catalog.datasets.map((d: { id: string }) => d.id)).not.toContain(dataset.id);
    expectProblem(await h.request('DELETE', `/v1/datasets/${dataset.id}`, { token: dave.apiKey }), 404, 'DATASET.NOT_FOUND');
    for (const ref of [dataset.id, 'temp']) {
      const job = { type: 'inference', model: 'temp-clf', dataset: ref, budget: '1' };
      expectProblem(await h.request('POST', '/v1/jobs', { token: dave.apiKey, body: job }), 400, 'JOB.DATASET_UNKNOWN');
    }
    // The name is free for other data, and the same data may be registered again.
    const reused = await uploadCsv(dave, 'a,b\n7,8\n', 'name=temp');
    expect(reused.status).toBe(201);
    expect((await uploadCsv(dave, 'a,b\n1,2\n', 'name=temp-again')).status).toBe(201);
  });

  it('deletes a model the same way', async () => {
    const model = (await uploadModel(bob, buildMlpForward({ inputs: 2, hidden: 6, classes: 2 }), 'gone')).body;
    expect((await h.request('GET', '/v1/models', { token: bob.apiKey })).body.items.map((m: { id: string }) => m.id)).toContain(model.id);
    expect((await h.request('DELETE', `/v1/models/${model.id}`, { token: bob.apiKey })).status).toBe(204);
    expectProblem(await h.request('GET', `/v1/models/${model.id}`, { token: bob.apiKey }), 404, 'MODEL.NOT_FOUND');
    expectProblem(await h.request('DELETE', `/v1/models/${model.id}`, { token: bob.apiKey }), 404, 'MODEL.NOT_FOUND');
    const job = { type: 'inference', model: 'gone', dataset: 'pets', budget: '1' };
    expectProblem(await h.request('POST', '/v1/jobs', { token: bob.apiKey, body: job }), 400, 'JOB.MODEL_UNKNOWN');
    expect((await uploadModel(bob, buildMlpForward({ inputs: 2, hidden: 7, classes: 2 }), 'gone')).status).toBe(201);
  });
});
