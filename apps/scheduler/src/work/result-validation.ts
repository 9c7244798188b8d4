import { forwardOutputName, gradientName, parameterDims, parameterNames, type MlpShape, type TensorMap, type TrainableParameter } from '@corex/compute';
import type { FragmentTask, ModelRegisteredData } from '@corex/events';

/** What one output of a task must look like. A `null` dim is any positive size (a symbolic dim of an uploaded model). */
export interface OutputSpec {
  readonly name: string;
  readonly dtype: 'float32' | 'int64';
  /** Accepted shapes (the gradient's loss may be `[]` or `[1]`). */
  readonly shapes: readonly (readonly (number | null)[])[];
}

/** What the planner knows about a job's outputs (see expectedOutputs). */
export type OutputSource =
  | { kind: 'mlp'; shape: MlpShape }
  | { kind: 'preprocessing'; features: number; /** Features read, when the output has fewer (slicer). */ inputs?: number }
  | { kind: 'uploaded'; model: ModelRegisteredData }
  | { kind: 'trainable'; parameters: readonly TrainableParameter[] };

const f32 = (name: string, ...shapes: (number | null)[][]): OutputSpec => ({ name, dtype: 'float32', shapes });

/**
 * The dtype and dims of every output of a task, from the rows of its fragment and the model:
 * probabilities [rows, classes] (a regressor's prediction [rows, 1]), embeddings [rows, hidden],
 * preprocessed y [rows, features] (statistics: count [1], sum, m2, min, max [features]), gradients loss [] or [1] and dW1, db1, … with the weights' shapes; an uploaded model's
 * outputs as registered, its first symbolic dim being the rows.
 */
export function expectedOutputs(task: FragmentTask, source: OutputSource): OutputSpec[] {
  const rows = task.rows;
  if (source.kind === 'preprocessing' && task.kind === 'statistics') {
    const features = source.inputs ?? source.features;
    return [f32('count', [1]), ...['sum', 'm2', 'min', 'max'].map((name) => f32(name, [features]))];
  }
  if (source.kind === 'preprocessing') return [f32('y', [rows, source.features])];
  if (source.kind === 'uploaded') return source.model.outputs.filter((o) => task.outputs.includes(o.name)).map((o) => uploadedSpec(o, rows));
  if (source.kind === 'trainable') return [f32('loss', [], [1]), ...source.parameters.map((p) => f32(gradientName(p.name), [...p.dims]))];
  const { hidden, classes } = source.shape;
  switch (task.kind) {
    case 'gradient': {
      const dims = parameterDims(source.shape);
      return [f32('loss', [], [1]), ...parameterNames(source.shape).map((name) => f32(`d${name}`, dims[name]))];
    }
    case 'feature-extraction':
      return [f32('embeddings', [rows, hidden])];
    default:
      return [f32(forwardOutputName(source.shape), [rows, forwardOutputName(source.shape) === 'prediction' ? 1 : classes])];
  }
}

/** The first problem with the outputs, as a message for the node, or null. */
export function outputProblem(outputs: TensorMap, expected: readonly OutputSpec[]): string | null {
  for (const spec of expected) {
    const tensor = outputs[spec.name];
    if (!tensor) return `output ${spec.name} is missing`;
    const dtype = tensor.data instanceof Float32Array ? 'float32' : 'int64';
    if (dtype !== spec.dtype) return `output ${spec.name} is ${dtype}, the task needs ${spec.dtype}`;
    if (!spec.shapes.some((shape) => fits(tensor.dims, shape))) {
      return `output ${spec.name} has dims [${tensor.dims.join(', ')}], the task needs ${spec.shapes.map((s) => `[${s.map((d) => d ?? 'n').join(', ')}]`).join(' or ')}`;
    }
    if (tensor.data instanceof Float32Array) {
      const bad = tensor.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) return `output ${spec.name} holds a non-finite value (${tensor.data[bad]}) at index ${bad}`;
    }
  }
  return null;
}

function fits(dims: readonly number[], shape: readonly (number | null)[]): boolean {
  return dims.length === shape.length && shape.every((d, i) => (d === null ? dims[i]! > 0 : dims[i] === d));
}

const ONNX_DTYPES: Record<string, 'float32' | 'int64'> = { float32: 'float32', float: 'float32', 'tensor(float)': 'float32', int64: 'int64', 'tensor(int64)': 'int64' };

function uploadedSpec(o: ModelRegisteredData['outputs'][number], rows: number): OutputSpec {
  let rowsTaken = false;
  const shape = o.dims.map((d) => {
    if (typeof d === 'number' && d > 0) return d;
    // The first symbolic (or -1) dim is the batch: the fragment's rows.
    if (!rowsTaken) {
      rowsTaken = true;
      return rows;
    }
    return null;
  });
  return { name: o.name, dtype: ONNX_DTYPES[o.type] ?? 'float32', shapes: [shape] };
}
