import type { JobEntry } from '../runtime/job-book';
import { inRowOrder, stepProvenance } from './step-record';

const NODE_A = 'A'.repeat(56);
const NODE_B = 'B'.repeat(56);
const hash = (c: string) => c.repeat(64);

describe('stepProvenance', () => {
  const parts = inRowOrder([
    { fragmentId: 'j-s3-f1', rowRange: [50, 100], resultHash: hash('b'), nodeId: NODE_B },
    { fragmentId: 'j-s3-f0', rowRange: [0, 50], resultHash: hash('a'), nodeId: NODE_A },
  ]);
  const entry = {
    step: 3,
    weightsHash: hash('c'),
    abandoned: new Map([['j-s3-f2', { nodeId: null, reason: 'deadline' as const }]]),
  } as unknown as JobEntry;
  const params = { optimizer: 'adam' as const, learningRate: 0.05, aggregation: { rule: 'krum' as const }, stepDeadlineMs: 1000, minParticipation: 0.6 };

  it('given a Krum rejection by index, names the fragment and node of that update, with participants in row order and the stragglers', () => {
    const outcome = { weightsBytes: new Uint8Array(), loss: 1, metrics: {}, rejected: [{ index: 1, reason: 'excluded' as const, measure: 12.5 }] };
    expect(stepProvenance(entry, parts, outcome, params, hash('d'))).toEqual({
      parentWeightsHash: hash('c'),
      optimizer: 'adam',
      optimizerStateHash: hash('d'),
      rule: 'krum',
      participants: [
        { fragmentId: 'j-s3-f0', nodeId: NODE_A, rows: 50 },
        { fragmentId: 'j-s3-f1', nodeId: NODE_B, rows: 50 },
      ],
      rejected: [{ fragmentId: 'j-s3-f1', nodeId: NODE_B, reason: 'excluded', measure: 12.5 }],
      stragglers: [{ fragmentId: 'j-s3-f2', nodeId: null }],
      accepted: true,
    });
  });

  it('given step 0, has no parent (fresh weights are no model version) and, for SGD, no optimizer state', () => {
    const first = stepProvenance({ ...entry, step: 0, abandoned: undefined } as JobEntry, parts, { weightsBytes: new Uint8Array(), loss: 1, metrics: {}, rejected: [] }, { ...params, optimizer: 'sgd' }, undefined);
    expect(first).toMatchObject({ parentWeightsHash: null, optimizer: 'sgd', stragglers: [], rejected: [] });
    expect(first).not.toHaveProperty('optimizerStateHash');
  });
});
