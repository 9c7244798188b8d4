import { Writable } from 'node:stream';
import type { ExecutionResult } from '../../execute/execute-task';
import { assignment } from '../testing/in-memory-scheduler';
import { countEvent, emptyTotals, failureCode, type FragmentEvent } from './fragment-events';
import { jsonProgress } from './json-progress';
import { ttyProgress } from './tty-progress';

const result: ExecutionResult = {
  resultHash: 'd'.repeat(64),
  rowsProcessed: 8,
  durationMs: 12.3456,
  metrics: { rows: 8 },
  executionProvider: 'cpu',
};

function collecting(isTTY = false): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(chunk.toString()), done()) });
  return Object.assign(stream, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => chunks.join('') });
}

describe('fragment totals', () => {
  it('counts finished rows, refusals, failures and releases', () => {
    const events: FragmentEvent[] = [
      { type: 'started', assignment: assignment(1) },
      { type: 'finished', assignment: assignment(1), result },
      { type: 'refused', assignment: assignment(2), code: 'NODE.LEASE_STALE', message: 'stale' },
      { type: 'failed', assignment: assignment(3), code: 'RUNNER.BLOB_MISSING', message: 'missing' },
      { type: 'released', assignment: assignment(3), reason: 'error', accepted: true },
    ];
    expect(events.reduce(countEvent, emptyTotals())).toEqual({ completed: 1, failed: 1, refused: 1, released: 1, rows: 8 });
  });

  it("uses a failure's own code, or a generic one", () => {
    expect(failureCode(Object.assign(new Error('x'), { code: 'RUNNER.OUTPUT_UNKNOWN' }))).toBe('RUNNER.OUTPUT_UNKNOWN');
    expect(failureCode(new Error('x'))).toBe('RUNNER.EXECUTION_FAILED');
    expect(failureCode(null)).toBe('RUNNER.EXECUTION_FAILED');
  });
});

describe('jsonProgress', () => {
  it('writes one parseable JSON line per fragment event, with the totals so far', () => {
    const out = collecting();
    const progress = jsonProgress(out);
    progress.fragment({ type: 'started', assignment: assignment(1) }, emptyTotals());
    progress.fragment({ type: 'refused', assignment: assignment(1), code: 'NODE.LEASE_STALE', message: 'stale' }, { ...emptyTotals(), refused: 1 });
    const lines = out.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ event: 'fragment.started', fragmentId: 'fragment-1', leaseId: 'lease-1', kind: 'inference', rows: 8 });
    expect(lines[1]).toMatchObject({ event: 'fragment.refused', code: 'NODE.LEASE_STALE', totals: { refused: 1 } });
  });
});

describe('ttyProgress', () => {
  it('draws a line per running fragment and the totals, and prints refusals', () => {
    const out = collecting(true);
    const progress = ttyProgress({ nodeId: 'UABCDEFGHIJKLMNOP', slots: 2, stream: out });
    progress.fragment({ type: 'started', assignment: assignment(1) }, emptyTotals());
    progress.fragment({ type: 'refused', assignment: assignment(1), code: 'NODE.LEASE_STALE', message: 'stale' }, { ...emptyTotals(), refused: 1 });
    progress.close({ ...emptyTotals(), refused: 1 });
    const text = out.text();
    expect(text).toContain('inference fragment 8 rows running');
    expect(text).toContain('fragment-1 refused: NODE.LEASE_STALE stale');
    expect(text).toMatch(/node UABCDEFGHIJK… +running 0\/2 +completed 0 +failed 0 +refused 1/);
  });
});
