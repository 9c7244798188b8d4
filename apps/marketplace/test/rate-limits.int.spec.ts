import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { subjects } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { work } from './work-events';

const BURST = 20;

describe('marketplace rate limits', () => {
  let h: Harness;
  let alice: { id: string; apiKey: string };
  let bob: { id: string; apiKey: string };

  beforeAll(async () => {
    h = await startHarness({ env: { RATE_LIMIT_BURST: String(BURST), RATE_LIMIT_PER_SECOND: '0.5', SSE_MAX_STREAMS_PER_KEY: '2' } });
    alice = await h.createAccount('alice');
    bob = await h.createAccount('bob');
  });
  afterAll(async () => h.close());

  it('answers 429 RATE.LIMITED with Retry-After past a key’s burst, and other keys are not affected', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => h.request('GET', '/v1/catalog', { token: alice.apiKey })));
    const ok = answers.filter((a) => a.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(BURST);
    expect(ok).toBeLessThanOrEqual(BURST + 2); // refill of 0.5/s while the burst runs
    const limited = answers.find((a) => a.status === 429)!;
    expectProblem(limited, 429, 'RATE.LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await h.request('GET', '/v1/catalog', { token: bob.apiKey })).status).toBe(200);
  });

  it('tells every authenticated answer its key’s limit, what is left and when the bucket is full (RateLimit-*)', async () => {
    const erin = await h.createAccount('erin');
    const first = await h.request('GET', '/v1/catalog', { token: erin.apiKey });
    const second = await h.request('GET', '/v1/jobs/unknown-job', { token: erin.apiKey });
    expect(first.headers.get('ratelimit-limit')).toBe(String(BURST));
    expect(Number(first.headers.get('ratelimit-remaining'))).toBeLessThan(BURST);
    expect(second.status).toBe(404);
    expect(Number(second.headers.get('ratelimit-remaining'))).toBeLessThan(Number(first.headers.get('ratelimit-remaining')));
    expect(Number(second.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
  });

  it('answers 401, not 429, to an unknown key', async () => {
    expectProblem(await h.request('GET', '/v1/catalog', { token: 'cxk_unknown' }), 401, 'AUTH.INVALID_API_KEY');
  });

  it('caps concurrent event streams per key with 429 RATE.TOO_MANY_STREAMS, and frees a slot when a stream closes', async () => {
    const carol = await h.createAccount('carol');
    const id = (await h.request('POST', '/v1/jobs', { token: carol.apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' } })).body.id;
    const open = () => fetch(`${h.api.url}/v1/jobs/${id}/events`, { headers: { authorization: `Bearer ${carol.apiKey}` } });
    const streams = [await open(), await open()];
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await h.request('GET', `/v1/jobs/${id}/events`, { token: carol.apiKey });
    expectProblem(third, 429, 'RATE.TOO_MANY_STREAMS');
    expect(third.headers.get('retry-after')).toBe('5');

    // A stream that ends (the job reached a terminal status) gives its slot back.
    await h.settle(await h.append(subjects.job(id), [work.failed(id)]));
    await Promise.all(streams.map((s) => s.text())); // the server ends both streams
    // The server's own close event may trail the client's end of stream by a tick.
    let again = await h.request('GET', `/v1/jobs/${id}/events`, { token: carol.apiKey });
    for (let i = 0; again.status === 429 && i < 50; i++) again = await h.request('GET', `/v1/jobs/${id}/events`, { token: carol.apiKey });
    expect(again.status).toBe(200);
  });

  it('gives a stream slot back when the client hangs up before the stream starts', async () => {
    const dave = await h.createAccount('dave');
    const id = (await h.request('POST', '/v1/jobs', { token: dave.apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' } })).body.id;
    const { hostname, port } = new URL(h.api.url);
    // Each client sends its request and closes at once: the server sees the close while it still looks the job up.
    for (let i = 0; i < 6; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port) }, () =>
          socket.end(`GET /v1/jobs/${id}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${dave.apiKey}\r\n\r\n`),
        );
        socket.on('close', () => resolve()).on('error', reject).resume();
      });
    }
    const open = () => fetch(`${h.api.url}/v1/jobs/${id}/events`, { headers: { authorization: `Bearer ${dave.apiKey}` } });
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    await Promise.all([first.body?.cancel(), second.body?.cancel()]);
  });

  it('limits operator sign-in per node and client address: spending a node’s bucket from one address leaves its sign-in from another open', async () => {
    // A well-formed id of no registered node: the token is taken before the 404.
    const body = { nodeId: 'U'.padEnd(56, 'Q') };
    const elsewhere = await Promise.all(Array.from({ length: BURST + 5 }, () => postFrom('127.0.0.2', '/v1/operator/challenges', body)));
    expect(elsewhere.filter((a) => a.status === 404).length).toBeGreaterThanOrEqual(BURST);
    const limited = elsewhere.find((a) => a.status === 429)!;
    expect(limited.problem.code).toBe('RATE.LIMITED');
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    const own = await h.request('POST', '/v1/operator/challenges', { body });
    expectProblem(own, 404, 'OPERATOR.NODE_NOT_FOUND');
    expect(own.headers.get('ratelimit-remaining')).toBe(String(BURST - 1));
  });

  /** A JSON POST to the marketplace from the local address `from` (any of 127.0.0.0/8 reaches it). */
  function postFrom(from: string, path: string, body: object): Promise<{ status: number; headers: IncomingHttpHeaders; problem: { code?: string } }> {
    return new Promise((resolve, reject) => {
      const req = request(`${h.api.url}${path}`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, problem: JSON.parse(text) }));
      });
      req.on('error', reject).end(JSON.stringify(body));
    });
  }

  it('lists 429 with Retry-After on every authenticated operation of the OpenAPI document, and on the rate-limited operator sign-in', async () => {
    // Public, but limited per node and client address (docs/operator-api.md): a challenge and its answer.
    const limitedPublic = new Set(['post /v1/operator/challenges', 'post /v1/operator/sessions']);
    const doc = (await h.request('GET', '/openapi.json')).body;
    for (const [path, operations] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        const limited = !isPublic || limitedPublic.has(`${method} ${path}`);
        expect({ path, method, has429: '429' in op.responses }).toEqual({ path, method, has429: limited });
        if (limited) expect(op.responses['429'].headers['Retry-After']).toBeDefined();
      }
    }
  });
});
