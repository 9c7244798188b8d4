import type { FragmentTask } from '@corex/events';
import { expectedOutputs, outputProblem } from './result-validation';

const shape = { inputs: 4, hidden: 16, classes: 3 };
const task = (kind: FragmentTask['kind'], outputs: string[], rows = 342): FragmentTask => ({ kind, graphHash: 'g', weightsHash: null, inputHash: 'i', auxHash: null, outputs, rows });
const f32 = (dims: number[], fill = 0.5) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(fill), dims });

describe('result validation', () => {
  const inference = expectedOutputs(task('inference', ['probabilities']), { kind: 'mlp', shape });

  it('accepts probabilities [rows, classes] float32 with finite values', () => {
    expect(outputProblem({ probabilities: f32([342, 3]) }, inference)).toBeNull();
  });

  it('refuses a [1, classes] output for a 342-row fragment', () => {
    expect(outputProblem({ probabilities: f32([1, 3]) }, inference)).toBe('output probabilities has dims [1, 3], the task needs [342, 3]');
  });

  it('refuses int64 where float32 is expected', () => {
    expect(outputProblem({ probabilities: { data: new BigInt64Array(342 * 3), dims: [342, 3] } }, inference)).toBe('output probabilities is int64, the task needs float32');
  });

  it('refuses NaN and infinities', () => {
    expect(outputProblem({ probabilities: f32([342, 3], NaN) }, inference)).toMatch(/non-finite value \(NaN\) at index 0/);
    expect(outputProblem({ probabilities: f32([342, 3], Infinity) }, inference)).toMatch(/non-finite/);
  });

  it('checks gradients against the weight shapes, loss as [] or [1]', () => {
    const gradient = expectedOutputs(task('gradient', ['loss', 'dW1', 'db1', 'dW2', 'db2']), { kind: 'mlp', shape });
    const good = { loss: f32([]), dW1: f32([4, 16]), db1: f32([16]), dW2: f32([16, 3]), db2: f32([3]) };
    expect(outputProblem(good, gradient)).toBeNull();
    expect(outputProblem({ ...good, loss: f32([1]) }, gradient)).toBeNull();
    expect(outputProblem({ ...good, dW1: f32([4, 17]) }, gradient)).toBe('output dW1 has dims [4, 17], the task needs [4, 16]');
  });

  it('takes the first symbolic dim of an uploaded model output as the rows', () => {
    const model = { outputs: [{ name: 'y', type: 'float32', dims: ['batch', 2] }] } as never;
    const specs = expectedOutputs(task('inference', ['y'], 64), { kind: 'uploaded', model });
    expect(outputProblem({ y: f32([64, 2]) }, specs)).toBeNull();
    expect(outputProblem({ y: f32([63, 2]) }, specs)).toMatch(/needs \[64, 2\]/);
  });
});
