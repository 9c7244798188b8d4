import { awaitingAnchors, progressOf, cxtToWei, recordsKey, shortHash, spentShare, verdictCounts } from './job-figures';

const fragment = (outcome: 'verified' | 'fraud' | 'pending') => ({ verification: { outcome } }) as Parameters<typeof verdictCounts>[0][number];

describe('job figures', () => {
  it('given CXT amounts as written, when converted, then to exact wei, and no amount is null', () => {
    expect(cxtToWei('5')).toBe(5_000_000_000_000_000_000n);
    expect(cxtToWei('0.000000000000000001')).toBe(1n);
    expect(cxtToWei('-1')).toBeNull();
    expect(cxtToWei('1e3')).toBeNull();
  });

  it('given wei beyond float precision, when a quarter is spent, then the share is exactly a quarter', () => {
    expect(spentShare({ budget: '4000000000000000000000000', spent: '1000000000000000000000000' })).toBe(0.25);
    expect(spentShare({ budget: '0', spent: '0' })).toBe(0);
  });

  it('given fragments with verdicts, when counted, then every outcome is present', () => {
    expect(verdictCounts([fragment('verified'), fragment('verified'), fragment('fraud')])).toEqual({ verified: 2, fraud: 1, rejected: 0, escalated: 0, pending: 0 });
  });

  it('given an unanchored proof or version, when asked, then the page still waits for anchors', () => {
    expect(awaitingAnchors([{ anchored: true }], [{ anchor: { epoch: 1, txHash: '0xab', fragmentsRoot: null, accuracyBps: 0 } }])).toBe(false);
    expect(awaitingAnchors([{ anchored: false }], [])).toBe(true);
    expect(awaitingAnchors([], [{ anchor: null }])).toBe(true);
  });

  it('given a job view that only moved its timestamp, when keyed, then its records are not read again', () => {
    const view = { status: 'running', progress: { step: 1, fragments: { completed: 3, failed: 0 } } };
    expect(recordsKey(view)).toBe(recordsKey({ ...view }));
    expect(recordsKey(view)).not.toBe(recordsKey({ ...view, progress: { ...view.progress, step: 2 } }));
  });

  it('given a sha256, when shortened, then head and tail stay', () => {
    expect(shortHash('a'.repeat(8) + 'b'.repeat(50) + 'c'.repeat(6))).toBe('aaaaaaaa…cccccc');
    expect(shortHash('0xabc')).toBe('0xabc');
  });

  it('given a training job whose last of two steps completed, when its progress is read, then it is 2 of 2 steps', () => {
    const progress = { step: 1, totalSteps: 2, fragments: { planned: 4, inProgress: 0, completed: 4, failed: 0 }, rows: { total: 0, processed: 0 } };
    expect(progressOf({ type: 'training', progress, latestStep: { step: 1, loss: 0.5 } })).toEqual({ done: 2, total: 2, unit: 'steps' });
    expect(progressOf({ type: 'training', progress: { ...progress, step: 0 }, latestStep: null })).toEqual({ done: 0, total: 2, unit: 'steps' });
    expect(progressOf({ type: 'inference', progress, latestStep: null })).toEqual({ done: 4, total: 4, unit: 'fragments' });
  });
});
