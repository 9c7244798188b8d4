import { GraphBuilder } from '@corex/compute';
import { JobFailed, type JobFailedData } from '@corex/events';
import { startStack, type Stack } from '../support/stack';
import { waitForEvent } from '../support/wait-for-event';

jest.setTimeout(180_000);

/**
 * A model that loads (the marketplace accepts it: float32 [N, 4] in, float32 out) but fails in
 * onnxruntime on every node: it reshapes any batch into [7, 3], which no batch of 4-feature rows fits.
 */
function buildFailingModel(): Uint8Array {
  const graph = new GraphBuilder('reshape-fails');
  const x = graph.input('x', 'float', ['N', 4]);
  graph.op('Reshape', [x, graph.int64Constant('shape', [7, 3])], {}, 'y');
  graph.output('y', 'float', [7, 3]);
  return graph.toBytes();
}

/** Polls the API until `done` holds, with a deadline (the read model follows the log). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a fragment that fails on the node', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ scheduler: { COREX_MAX_FAILED_ATTEMPTS: '2' } });
  });
  afterAll(async () => stack?.close());

  it("shows the node's error code and message in the job's failure and in the assignment view", async () => {
    const { apiKey } = await stack.createAccount('unlucky');
    const upload = await stack.api('POST', '/v1/models?name=broken', { token: apiKey, raw: buildFailingModel(), contentType: 'application/octet-stream' });
    expect(upload.status).toBe(201);
    const submitted = await stack.api('POST', '/v1/jobs', {
      token: apiKey,
      body: { type: 'inference', model: 'broken', dataset: 'penguins', budget: '3', params: { batchRows: 100_000 } },
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('node'), '--name', 'node', '--slots', '1']);

    const failed = await waitForEvent<JobFailedData>(stack.log, JobFailed.type, (d) => d.jobId === jobId, 120_000);
    expect(failed.data.code).toBe('JOB.FRAGMENT_EXHAUSTED');
    const fragment = failed.data.fragment!;
    expect(fragment).toMatchObject({ fragmentId: `${jobId}-s0-f0`, index: 0, step: 0 });
    expect(fragment.attempts).toHaveLength(2);
    for (const attempt of fragment.attempts) {
      expect(attempt).toMatchObject({ reason: 'failed', error: { code: expect.stringMatching(/^RUNNER\./), message: expect.stringMatching(/Reshape/i) } });
    }
    const { code, message } = fragment.attempts[0]!.error!;
    expect(failed.data.reason).toContain(`${code}: ${message.slice(0, 20)}`);

    const job = await until(() => stack.api('GET', `/v1/jobs/${jobId}`, { token: apiKey }), (res) => res.body?.status === 'failed');
    expect(job.body.failure).toEqual({ code: 'JOB.FRAGMENT_EXHAUSTED', reason: failed.data.reason, fragment });

    const { nodeId, leaseId } = fragment.attempts[1]!;
    const assignment = await until(
      () => stack.api('GET', `/v1/nodes/${nodeId}/assignments/${fragment.fragmentId}`, { token: apiKey }),
      (res) => res.status === 200 && res.body.outcome === 'failed' && res.body.leaseId === leaseId,
    );
    expect(assignment.body.error).toEqual(fragment.attempts[1]!.error);
    expect(assignment.body.explanation).toContain(`(failed: ${code}: `);
  });
});
