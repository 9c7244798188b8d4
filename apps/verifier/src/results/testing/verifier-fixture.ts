import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { decodeTensorMap, encodeTensorMap, type TensorMap } from '@corex/compute';
import {
  FragmentCompleted,
  JobFragmentsPlanned,
  JobSubmitted,
  ReplicaPlanned,
  ReputationChanged,
  subjects,
  type FragmentTask,
  type VerificationPolicy,
} from '@corex/events';
import type { BlobStore, EventLog } from '@corex/eventstore';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../../test/support/infra';
import { jobSubmittedData } from '../../../../../test/support/job-submitted';
import { executeTask } from '../../../../node-runner/src/execute/execute-task';
import { createExecutorCaches } from '../../../../node-runner/src/execute/executor-caches';
import { penguinTask, storePenguinBlobs, type OnnxKind, type PenguinBlobs } from '../../../../node-runner/src/execute/testing/penguin-blobs';
import { verifierConfigSchema } from '../../config';
import { startVerifier, type RunningVerifier } from '../../start-verifier';

/** A fragment planned by the fixture. */
export interface PlannedFragment {
  fragmentId: string;
  task: FragmentTask;
}

/**
 * A test log with the penguin blobs, one job, and a verifier on it: plans fragments and replicas
 * and completes them with the node runner's executor's results (optionally tampered with).
 */
export class VerifierFixture {
  readonly jobId = `job-${randomUUID()}`;
  verifier?: RunningVerifier;
  private index = 0;
  private readonly caches = createExecutorCaches({ executionProvider: 'cpu', logger: pino({ level: 'silent' }) });

  private constructor(
    readonly log: EventLog,
    readonly blobs: BlobStore,
    readonly penguins: PenguinBlobs,
  ) {}

  static async open(policy?: VerificationPolicy): Promise<VerifierFixture> {
    const log = await openTestLog('verifier', 'ver');
    const blobs = await log.blobs();
    const fixture = new VerifierFixture(log, blobs, await storePenguinBlobs(blobs, 48));
    const data = jobSubmittedData(fixture.jobId, policy ? { verification: policy } : {});
    await log.store.append(subjects.job(fixture.jobId), [{ type: JobSubmitted.type, data }], 0);
    return fixture;
  }

  async start(overrides: Record<string, string> = {}): Promise<RunningVerifier> {
    const { stream, prefix } = this.log.store.names;
    const env = { NATS_URL, COREX_STREAM: stream, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'silent', COREX_VERIFIER_TICK_MS: '50', ...overrides };
    this.verifier = await startVerifier(verifierConfigSchema.parse(env));
    return this.verifier;
  }

  async dispose(): Promise<void> {
    await this.verifier?.close();
    this.caches.close();
    await disposeTestLog(this.log);
  }

  /** Plans one fragment of `kind` (its own plan event, step 0); `change` edits its task (e.g. other input rows). */
  async plan(kind: OnnxKind, change: (task: FragmentTask) => FragmentTask = (t) => t): Promise<PlannedFragment> {
    const index = this.index++;
    const fragmentId = `${this.jobId}-f${index}`;
    const task = change(penguinTask(this.penguins, kind));
    const fragment = { fragmentId, index, rowRange: [0, task.rows] as [number, number], size: { rows: task.rows, flops: 1e6, memoryBytes: 1e4 }, task };
    const data = { jobId: this.jobId, step: 0, totalSteps: 1, totalRows: task.rows, fragments: [fragment], plannedAt: new Date().toISOString() };
    await this.log.store.append(subjects.job(`${this.jobId}-plan${index}`), [{ type: JobFragmentsPlanned.type, data }], 0);
    return { fragmentId, task };
  }

  /** Records a reputation for a node, as the reputation service does. */
  async reputation(nodeId: string, score: number, verified: number): Promise<void> {
    const components = { performance: score, uptime: score, latency: score, load: score, history: score, violations: 1 };
    const data = { nodeId, score, previous: null, components, indicators: { verified }, reason: 'test', changedAt: new Date().toISOString() };
    const { version } = await this.log.store.read(subjects.reputation(nodeId));
    await this.log.store.append(subjects.reputation(nodeId), [{ type: ReputationChanged.type, data }], version);
  }

  /** Plans replica `-r<n>` of a fragment. */
  async planReplica(original: PlannedFragment, n = 1): Promise<PlannedFragment> {
    const fragmentId = `${original.fragmentId}-r${n}`;
    const { task } = original;
    const data = {
      fragmentId,
      replicaOf: original.fragmentId,
      jobId: this.jobId,
      index: 0,
      rowRange: [0, task.rows],
      size: { rows: task.rows, flops: 1e6, memoryBytes: 1e4 },
      task,
      excludeNodes: [],
      reason: 'policy',
      plannedAt: new Date().toISOString(),
    };
    await this.log.store.append(subjects.fragment(fragmentId), [{ type: ReplicaPlanned.type, data }], 0);
    return { fragmentId, task };
  }

  /** The executor's result of a task, stored (tampered with first when asked); its hash. */
  async result(task: FragmentTask, tamper?: (outputs: TensorMap) => TensorMap): Promise<string> {
    const { resultHash } = await executeTask(task, this.blobs, { caches: this.caches });
    if (!tamper) return resultHash;
    return this.blobs.put(encodeTensorMap(tamper(decodeTensorMap((await this.blobs.get(resultHash))!))));
  }

  /** Appends FragmentCompleted of `fragment` by `nodeId` with `resultHash`; returns the lease id. */
  async complete(fragment: PlannedFragment, resultHash: string, nodeId = NODE_A, leaseId = `lease-${randomUUID()}`): Promise<string> {
    const { fragmentId, task } = fragment;
    const data = { fragmentId, jobId: this.jobId, nodeId, leaseId, resultHash, durationMs: 5, rowsProcessed: task.rows, metrics: {}, signature: 'c2ln', completedAt: new Date().toISOString() };
    const { version } = await this.log.store.read(subjects.fragment(fragmentId));
    await this.log.store.append(subjects.fragment(fragmentId), [{ type: FragmentCompleted.type, data }], version);
    return leaseId;
  }
}

export const NODE_A = 'A'.repeat(56);
export const NODE_B = 'B'.repeat(56);

/** Every output zeroed except the loss: a lazy node's result. */
export const zeroed = (outputs: TensorMap): TensorMap =>
  Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, name === 'loss' ? t : { data: new Float32Array(t.data.length), dims: t.dims }]));
