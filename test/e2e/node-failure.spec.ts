import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FragmentAssigned,
  FragmentLeaseEnded,
  JobCompleted,
  ResultViolation,
  type FragmentAssignedData,
  type FragmentLeaseEndedData,
  type JobCompletedData,
  type ResultViolationData,
} from '@corex/events';
import { newNonce, nodeSubjects, signNodeMessage } from '@corex/node-protocol';
import { startStack, type Stack } from '../support/stack';
import { buildSlowModel } from '../support/slow-model';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(180_000);

/** A node identity as node-runner keeps it: the nkey seed in <home>/identity.nk. */
async function seedOf(home: string): Promise<string> {
  return (await readFile(path.join(home, 'identity.nk'), 'utf8')).trim();
}

describe('a node killed in the middle of a fragment', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ scheduler: { COREX_LEASE_TTL_MS: '2500', COREX_HEARTBEAT_TIMEOUT_MS: '2500', COREX_SWEEP_INTERVAL_MS: '200' } });
  });
  afterAll(async () => stack?.close());

  it('has its fragment reassigned, the job completes, and its late result is refused', async () => {
    const { apiKey } = await stack.createAccount('chaos');
    // Each 128-row fragment costs ~400 GFLOP of real MatMuls: seconds of CPU on this machine, longer
    // than the 2.5 s lease, so a survivor only finishes if its heartbeats renew the lease meanwhile.
    const upload = await stack.api('POST', '/v1/models?name=slow', { token: apiKey, raw: buildSlowModel(4, 1024, 1500), contentType: 'application/octet-stream' });
    expect(upload.status).toBe(201);
    const victimHome = stack.home('victim');
    const fastBeats = { COREX_HEARTBEAT_MS: '500' };
    const victim = stack.spawnNodeRunner(['start', '--json', '--home', victimHome, '--name', 'victim', '--slots', '1'], fastBeats);
    const submitted = await stack.api('POST', '/v1/jobs', {
      token: apiKey,
      body: { type: 'inference', model: upload.body.id, dataset: 'penguins', budget: '3', params: { batchRows: 128 } },
    });
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.id as string;

    const taken = await waitForEvent<FragmentAssignedData>(stack.log, FragmentAssigned.type, (d) => d.jobId === jobId, 60_000);
    victim.kill('SIGKILL');
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('survivor'), '--name', 'survivor', '--slots', '1'], fastBeats);

    const ended = await waitForEvent<FragmentLeaseEndedData>(stack.log, FragmentLeaseEnded.type, (d) => d.leaseId === taken.data.leaseId, 60_000);
    expect(['expired', 'node-lost']).toContain(ended.data.reason);
    const reassigned = await waitForEvent<FragmentAssignedData>(
      stack.log,
      FragmentAssigned.type,
      (d) => d.fragmentId === taken.data.fragmentId && d.leaseId !== taken.data.leaseId,
      60_000,
    );
    expect(reassigned.data.nodeId).not.toBe(taken.data.nodeId);

    // The dead node's result, signed with its own key, arrives late under its old lease.
    const body = {
      nodeId: taken.data.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), fragmentId: taken.data.fragmentId,
      leaseId: taken.data.leaseId, resultHash: 'a'.repeat(64), salt: 'b'.repeat(64), durationMs: 1, rowsProcessed: 64, metrics: {},
    };
    const late = signNodeMessage('result', body, await seedOf(victimHome));
    const reply = await stack.log.nc.request(nodeSubjects(stack.names.prefix).result, new TextEncoder().encode(JSON.stringify(late)), { timeout: 10_000 });
    // LEASE_STALE while the survivor holds the fragment, NOT_LEASED once it completed it (docs/node-protocol.md, section 9):
    // a plain refusal either way, never a violation (the lease was the node's own).
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({ ok: false, code: expect.stringMatching(/^NODE\.(LEASE_STALE|NOT_LEASED)$/) });

    const completed = await waitForEvent<JobCompletedData>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 150_000);
    expect(completed.data.result.kind).toBe('predictions');
    expect((await eventsOfType<ResultViolationData>(stack.log, ResultViolation.type)).filter((e) => e.data.nodeId === taken.data.nodeId)).toEqual([]);
  });
});
