import { toModelVersion } from './model-version.view';
import type { AnchorRecord, VersionRow } from './model-versions.queries';

const A = 'A'.repeat(56);
const B = 'B'.repeat(56);
const hash = (c: string) => c.repeat(64);

function row(step: number, fields: Partial<VersionRow> = {}): VersionRow {
  return {
    step, loss: 0.5, accuracy: 0.9, rmse: null, r2: null, weights_hash: hash(String(step)), parent_weights_hash: null, optimizer: null, rule: 'krum',
    participants: [
      { fragmentId: 'f1', nodeId: A, rows: 10 },
      { fragmentId: 'f2', nodeId: B, rows: 20 },
      { fragmentId: 'f3', nodeId: A, rows: 30 },
    ],
    rejected: [{ fragmentId: 'f2', nodeId: B, reason: 'excluded', measure: 9 }, { fragmentId: 'f3', nodeId: A, reason: 'clipped', measure: 0.5 }],
    stragglers: [], accepted: true, validation_loss: null, federated: null, completed_at: '2026-11-30T09:00:00.000Z', parent_version: null,
    ...fields,
  };
}

describe('model version view', () => {
  it('lists contributors by node without the updates the rule excluded, clipped ones marked', () => {
    const view = toModelVersion('job', row(0), [], new Map([['f1', 'verified' as const]]));
    expect(view.contributors).toEqual([
      { nodeId: A, fragments: [{ fragmentId: 'f1', rows: 10, aggregation: 'used', verification: 'verified' }, { fragmentId: 'f3', rows: 30, aggregation: 'clipped', verification: null }] },
    ]);
    expect(view).toMatchObject({ version: 1, rejected: 2, stragglers: 0, anchor: null, links: { weights: '/v1/models/job/versions/1/weights' } });
  });

  it('finds its on-chain record by step when records carry one, else by weights hash', () => {
    const anchors: AnchorRecord[] = [
      { epoch: 1, txHash: null, weightsHash: hash('1'), accuracyBps: 1 }, // an older record: no step, matched by weights
      { epoch: 2, txHash: '0xaa', weightsHash: hash('0'), step: 5, accuracyBps: 2 }, // same weights, another step: not version 1's
      { epoch: 3, txHash: '0xbb', weightsHash: hash('0'), step: 0, fragmentsRoot: '0xcc', accuracyBps: 3 },
    ];
    expect(toModelVersion('job', row(0), anchors, new Map()).anchor).toEqual({ epoch: 3, txHash: '0xbb', fragmentsRoot: '0xcc', accuracyBps: 3 });
    expect(toModelVersion('job', row(1), anchors, new Map()).anchor).toEqual({ epoch: 1, txHash: null, fragmentsRoot: null, accuracyBps: 1 });
  });
});
