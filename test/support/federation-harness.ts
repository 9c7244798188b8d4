import { computeGradients, applySgdStep, deserializeMlpWeights, openSession, parameterNames, type Dataset, type MlpWeights } from '@corex/compute';
import { loadPenguins } from '@corex/compute';
import { FragmentCompleted, JobFragmentsPlanned, type FragmentCompletedData, type JobFragmentsPlannedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { decodeFederatedResult, decodeRoundDescriptor, SECAGG_SCALE, type FederatedResult, type UpdateDescriptor } from '@corex/secure-aggregation';
import { eventsOfType } from './wait-for-event';

/** Every `members`-th penguin from `offset`: one member's private slice, as its CSV and as rows. */
export function penguinSlice(offset: number, members: number): { csv: string; rows: number[] } {
  const penguins = loadPenguins();
  const width = penguins.featureNames.length;
  const rows: number[] = [];
  const lines = [[...penguins.featureNames, 'Species'].join(',')];
  for (let i = offset; i < penguins.rows; i += members) {
    rows.push(i);
    lines.push(`${penguins.features.subarray(i * width, (i + 1) * width).join(',')},${penguins.classNames[penguins.labels[i]!]}`);
  }
  return { csv: lines.join('\n'), rows };
}

/** A phase's fragments (from JobFragmentsPlanned) with their results (FragmentCompleted) and decoded documents, by node. */
export async function phaseResults(log: EventLog, jobId: string, step: number) {
  const planned = (await eventsOfType<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type)).find((e) => e.data.jobId === jobId && e.data.step === step)!.data;
  const ids = new Set(planned.fragments.map((f) => f.fragmentId));
  const completed = (await eventsOfType<FragmentCompletedData>(log, FragmentCompleted.type)).filter((e) => ids.has(e.data.fragmentId)).map((e) => e.data);
  const blobs = await log.blobs();
  const results = new Map<string, FederatedResult>();
  for (const c of completed) results.set(c.nodeId, decodeFederatedResult((await blobs.get(c.resultHash))!));
  return { planned, completed, results };
}

/**
 * What a member's update really was, recomputed here from its slice exactly as the node computes
 * it: localEpochs full-batch steps from the global weights on its rows standardized with the
 * round's statistics, delta = local − global, clipped to clipNorm, times its rows.
 */
export async function trueUpdate(log: EventLog, task: { weightsHash: string | null; graphHash: string; inputHash: string }, slice: number[]): Promise<Float32Array> {
  const blobs = await log.blobs();
  const d = decodeRoundDescriptor((await blobs.get(task.inputHash))!) as UpdateDescriptor;
  const global = deserializeMlpWeights((await blobs.get(task.weightsHash!))!);
  const session = await openSession((await blobs.get(task.graphHash))!);
  const penguins = loadPenguins();
  const width = penguins.featureNames.length;
  const raw = Float32Array.from(slice.flatMap((i) => [...penguins.features.subarray(i * width, (i + 1) * width)]));
  const batch: Dataset = {
    features: Float32Array.from(raw, (v, i) => (v - d.standardization.mean[i % width]!) / d.standardization.std[i % width]!),
    rows: slice.length,
    featureNames: penguins.featureNames,
    labels: Int32Array.from(slice, (i) => penguins.labels[i]!),
    classNames: penguins.classNames,
  };
  let weights: MlpWeights = global;
  for (let epoch = 0; epoch < d.localEpochs; epoch++) weights = applySgdStep(weights, (await computeGradients(session, weights, batch)).gradients, d.learningRate);
  await session.release();
  const delta = parameterNames(global.shape).flatMap((name) => [...weights[name]].map((v, i) => v - global[name][i]!));
  const norm = Math.sqrt(delta.reduce((s, v) => s + v * v, 0));
  const factor = Math.min(1, d.clipNorm / norm) * slice.length;
  return Float32Array.from(delta, (v) => v * factor);
}

/** The words a true update quantizes to (two's complement, SECAGG_SCALE), as the member would send them before masking. */
export function quantized(update: Float32Array): Uint32Array {
  return Uint32Array.from(update, (v) => Math.round(v * SECAGG_SCALE) >>> 0);
}

/** Pearson correlation of two equally long sequences. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) (ma += a[i]!), (mb += b[i]!);
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = [a[i]! - ma, b[i]! - mb];
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Pearson's chi-square of the words' top 4 bits against 16 equally likely bins (15 degrees of freedom). */
export function topNibbleChiSquare(words: Uint32Array): number {
  const bins = new Array<number>(16).fill(0);
  for (const w of words) bins[w >>> 28]!++;
  const expected = words.length / 16;
  return bins.reduce((s, count) => s + (count - expected) ** 2 / expected, 0);
}
