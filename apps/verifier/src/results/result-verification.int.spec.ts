import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { decodeTensorMap, encodeTensorMap, type TensorMap } from '@corex/compute';
import {
  FragmentCompleted,
  FragmentVerified,
  FraudDetected,
  JobFragmentsPlanned,
  JobSubmitted,
  subjects,
  type FragmentKind,
  type FragmentTask,
  type FraudDetectedData,
  type FragmentVerifiedData,
} from '@corex/events';
import type { BlobStore, EventLog } from '@corex/eventstore';
import { evidenceHash } from '@corex/verification-domain';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { jobSubmittedData } from '../../../../test/support/job-submitted';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { executeTask } from '../../../node-runner/src/execute/execute-task';
import { createExecutorCaches } from '../../../node-runner/src/execute/executor-caches';
import { penguinTask, storePenguinBlobs, type PenguinBlobs } from '../../../node-runner/src/execute/testing/penguin-blobs';
import { verifierConfigSchema } from '../config';
import { startVerifier, type RunningVerifier } from '../start-verifier';

const NODE = 'A'.repeat(56);

/**
 * The verifier against real NATS, the blob store and onnxruntime: results computed by the node
 * runner's executor are verified by recomputing them; a zeroed result is fraud with evidence.
 * The node is new (no reputation), so every result is recomputed (no replica is planned).
 */
describe('result verification', () => {
  let log: EventLog;
  let blobs: BlobStore;
  let penguins: PenguinBlobs;
  let verifier: RunningVerifier;
  const jobId = `job-${randomUUID()}`;
  const caches = createExecutorCaches({ executionProvider: 'cpu', logger: pino({ level: 'silent' }) });

  beforeAll(async () => {
    log = await openTestLog('verifier', 'ver');
    blobs = await log.blobs();
    penguins = await storePenguinBlobs(blobs, 48);
    await log.store.append(subjects.job(jobId), [{ type: JobSubmitted.type, data: jobSubmittedData(jobId) }], 0);
    const { stream, prefix } = log.store.names;
    verifier = await startVerifier(
      verifierConfigSchema.parse({ NATS_URL, COREX_STREAM: stream, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'silent', COREX_VERIFIER_TICK_MS: '50' }),
    );
  }, 60_000);

  afterAll(async () => {
    await verifier?.close();
    caches.close();
    await disposeTestLog(log);
  });

  let index = 0;
  /** Plans one fragment of `kind`, completes it with the executor's result (changed by `tamper`), returns its lease id. */
  async function complete(kind: FragmentKind, tamper?: (outputs: TensorMap) => TensorMap): Promise<{ leaseId: string; task: FragmentTask }> {
    const fragmentId = `${jobId}-f${index}`;
    const task = penguinTask(penguins, kind);
    const plan = { fragmentId, index, rowRange: [0, task.rows] as [number, number], size: { rows: task.rows, flops: 1e6, memoryBytes: 1e4 }, task };
    await log.store.append(subjects.job(`${jobId}-plan${index++}`), [
      { type: JobFragmentsPlanned.type, data: { jobId, step: 0, totalSteps: 1, totalRows: task.rows, fragments: [plan], plannedAt: new Date().toISOString() } },
    ], 0);
    let { resultHash } = await executeTask(task, blobs, { caches });
    if (tamper) resultHash = await blobs.put(encodeTensorMap(tamper(decodeTensorMap((await blobs.get(resultHash))!))));
    const leaseId = `lease-${randomUUID()}`;
    const completed = { fragmentId, jobId, nodeId: NODE, leaseId, resultHash, durationMs: 5, rowsProcessed: task.rows, metrics: {}, signature: 'c2ln', completedAt: new Date().toISOString() };
    await log.store.append(subjects.fragment(fragmentId), [{ type: FragmentCompleted.type, data: completed }], 0);
    return { leaseId, task };
  }

  const zeroed = (outputs: TensorMap): TensorMap =>
    Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, name === 'loss' ? t : { data: new Float32Array(t.data.length), dims: t.dims }]));

  it('verifies a correct inference result by recomputing it', async () => {
    const { leaseId } = await complete('inference');
    const verified = await waitForEvent<FragmentVerifiedData>(log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    expect(verified.data).toMatchObject({ method: 'recompute', checks: [{ check: 'recompute', outcome: 'pass' }] });
    expect(verified.data.cost.flops).toBe(1e6);
  });

  it('detects a zeroed inference result as wrong output, with the differing values and hashes as evidence', async () => {
    const { leaseId } = await complete('inference', zeroed);
    const fraud = await waitForEvent<FraudDetectedData>(log, FraudDetected.type, (d) => d.leaseId === leaseId);
    expect(fraud.data).toMatchObject({ kind: 'wrong-output', fraudId: `fraud-wrong-output-${leaseId}`, nodeId: NODE, evidence: { check: 'recompute' } });
    expect(fraud.data.evidence.got).toMatch(/^\[0\.00000, 0\.00000/);
    expect(fraud.data.evidence.expected).not.toBe(fraud.data.evidence.got);
    expect(Object.keys(fraud.data.evidence.hashes)).toEqual(expect.arrayContaining(['task', 'result', 'recompute']));
    expect(fraud.data.evidenceHash).toBe(evidenceHash(fraud.data.evidence));
    expect(fraud.subject).toBe(subjects.verification(fraud.data.fragmentId!));
  });

  it('verifies a correct gradient (recompute and the loss-decrease check pass) and detects a zeroed one as wrong gradient', async () => {
    const good = await complete('gradient');
    const bad = await complete('gradient', zeroed);
    const verified = await waitForEvent<FragmentVerifiedData>(log, FragmentVerified.type, (d) => d.leaseId === good.leaseId);
    expect(verified.data.checks.map((c) => [c.check, c.outcome])).toEqual([
      ['recompute', 'pass'],
      ['loss-decrease', 'pass'],
      ['gradient-norm', 'pass'],
    ]);
    const fraud = await waitForEvent<FraudDetectedData>(log, FraudDetected.type, (d) => d.leaseId === bad.leaseId);
    expect(fraud.data).toMatchObject({ kind: 'wrong-gradient', evidence: { check: 'recompute' } });
    expect(fraud.data.evidence.detail).toMatch(/cosine/);
  });
});
