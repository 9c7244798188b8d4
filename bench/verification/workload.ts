/**
 * The verification bench's workload: real jobs planned by the scheduler's planner
 * (`planFragments`: default inference batches, training shards) over a synthetic Gaussian-blobs
 * dataset, each fragment a real task (graph, weights, its own input rows) whose blobs live in an
 * in-memory content-addressed store. Honest outputs come from the node runner's executor
 * (onnxruntime), once per task.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import {
  buildMlpForward,
  buildMlpGradient,
  decodeTensorMap,
  encodeTensorMap,
  featureTensor,
  generateSyntheticBlobs,
  initMlpWeights,
  labelTensor,
  SeededRandom,
  serializeMlpWeights,
  sliceRows,
  type MlpShape,
  type TensorMap,
} from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { planFragments, type FragmentPlan } from '@corex/scheduler-domain';
import { executeTask } from '../../apps/node-runner/src/execute/execute-task';
import { createExecutorCaches } from '../../apps/node-runner/src/execute/executor-caches';
import { taskKey } from '../../apps/verifier/src/results/verification-state';

export const SHAPE: MlpShape = { inputs: 16, hidden: 64, classes: 4 };
/** Rows of an inference job's data: four default batches of this MLP (2^24 FLOPs worth of rows each). */
const INFERENCE_ROWS = 26_214;
/** Rows of a training job's data; 8 shards of the 80% training split: 1 600 rows per gradient fragment. */
const TRAINING_ROWS = 16_000;
const TRAINING = { epochs: 10, shards: 8 };

/** A fragment as planned, with its task and its key (sha256 of the task's canonical JSON). */
export interface Work {
  plan: FragmentPlan;
  task: FragmentTask;
  taskKey: string;
  flops: number;
}

/** Blobs by sha256: the blob store of the bench (verifier reads, nodes write results). */
export class MemoryBlobs {
  private readonly blobs = new Map<string, Uint8Array>();
  async get(sha256: string): Promise<Uint8Array | null> {
    return this.blobs.get(sha256) ?? null;
  }
  async put(bytes: Uint8Array): Promise<string> {
    return this.putSync(bytes);
  }
  putSync(bytes: Uint8Array): string {
    const hash = createHash('sha256').update(bytes).digest('hex');
    this.blobs.set(hash, bytes);
    return hash;
  }
}

export interface Workload {
  blobs: MemoryBlobs;
  works: Work[];
  /** The honest result of a task: its outputs (task outputs, plus `loss` for a gradient) and its hash. */
  honest(work: Work): Promise<{ hash: string; outputs: TensorMap }>;
  close(): void;
}

const job = (jobId: string, type: 'inference' | 'training', params: Record<string, number> = {}) => ({ jobId, type, priority: 'normal' as const, requirements: {}, params });

/** `inferenceJobs` inference jobs (4 fragments each) and `trainingJobs` training jobs (10 steps × 8 shards), interleaved. */
export function buildWorkload(inferenceJobs: number, trainingJobs: number): Workload {
  const blobs = new MemoryBlobs();
  const forward = blobs.putSync(buildMlpForward(SHAPE));
  const gradient = blobs.putSync(buildMlpGradient(SHAPE));
  const inferenceData = generateSyntheticBlobs({ rows: INFERENCE_ROWS, features: SHAPE.inputs, classes: SHAPE.classes, seed: 21 });
  const trainingData = generateSyntheticBlobs({ rows: TRAINING_ROWS, features: SHAPE.inputs, classes: SHAPE.classes, seed: 22 });
  const inferenceInput = { x: featureTensor(inferenceData) };
  const trainingInput = { x: featureTensor(trainingData), y: labelTensor(trainingData.labels) };
  const inputOf = (map: TensorMap, range: readonly [number, number]) => blobs.putSync(encodeTensorMap(sliceRows(map, range)));
  const weightsOf = (seed: number) => blobs.putSync(serializeMlpWeights(initMlpWeights(SHAPE, seed)));

  const work = (plan: FragmentPlan, task: Omit<FragmentTask, 'rows' | 'auxHash'>): Work => {
    const full: FragmentTask = { ...task, auxHash: null, rows: plan.rowRange[1] - plan.rowRange[0] };
    return { plan, task: full, taskKey: taskKey(full), flops: plan.size.flops };
  };
  const inference: Work[][] = [];
  for (let j = 0; j < inferenceJobs; j++) {
    const weightsHash = weightsOf(1000 + j);
    const plans = planFragments(job(`inf-${j}`, 'inference'), { rows: INFERENCE_ROWS, features: SHAPE.inputs }, SHAPE);
    inference.push(plans.map((p) => work(p, { kind: 'inference', graphHash: forward, weightsHash, inputHash: inputOf(inferenceInput, p.rowRange), outputs: ['probabilities'] })));
  }
  const training: Work[][] = [];
  for (let j = 0; j < trainingJobs; j++) {
    const steps: Work[] = [];
    for (let step = 0; step < TRAINING.epochs; step++) {
      // Each step's weights: a seeded stand-in for the SGD trajectory (the bench does not aggregate).
      const weightsHash = weightsOf(5000 + 100 * j + step);
      const plans = planFragments(job(`train-${j}`, 'training', TRAINING), { rows: TRAINING_ROWS, features: SHAPE.inputs }, SHAPE, step);
      steps.push(...plans.map((p) => work(p, { kind: 'gradient', graphHash: gradient, weightsHash, inputHash: inputOf(trainingInput, p.rowRange), outputs: ['dW1', 'db1', 'dW2', 'db2'] })));
    }
    training.push(steps);
  }
  return { blobs, works: interleave([...inference, ...training]), ...honestRunner(blobs) };
}

/** Jobs side by side as on a shared network: the next fragment from a job drawn by its remaining share (each job keeps its order). */
function interleave(jobs: Work[][]): Work[] {
  const random = new SeededRandom(5);
  const left = jobs.map((j) => [...j]);
  const out: Work[] = [];
  let remaining = left.reduce((n, j) => n + j.length, 0);
  while (remaining > 0) {
    let pick = random.next() * remaining;
    const from = left.find((j) => (pick -= j.length) < 0)!;
    out.push(from.shift()!);
    remaining--;
  }
  return out;
}

function honestRunner(blobs: MemoryBlobs): Pick<Workload, 'honest' | 'close'> {
  const caches = createExecutorCaches({ executionProvider: 'cpu', logger: pino({ level: 'silent' }) });
  const results = new Map<string, Promise<{ hash: string; outputs: TensorMap }>>();
  return {
    honest(work) {
      let result = results.get(work.taskKey);
      if (!result) {
        result = executeTask(work.task, blobs, { caches }).then(async ({ resultHash }) => ({ hash: resultHash, outputs: decodeTensorMap((await blobs.get(resultHash))!) }));
        results.set(work.taskKey, result);
      }
      return result;
    },
    close: () => caches.close(),
  };
}
