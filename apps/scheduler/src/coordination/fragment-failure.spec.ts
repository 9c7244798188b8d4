import { FragmentAssigned, FragmentLeaseEnded, FraudDetected } from '@corex/events';
import { fragmentFailure, MAX_LISTED_ATTEMPTS } from './fragment-failure';

const NODE_A = 'A'.repeat(56);
const NODE_B = 'B'.repeat(56);
const fragmentId = 'job-1-s2-f7';
const ended = (nodeId: string, attempt: number, reason: string, error?: { code: string; message: string }) => ({
  type: FragmentLeaseEnded.type,
  data: { fragmentId, jobId: 'job-1', nodeId, leaseId: `${fragmentId}-e1-a${attempt}`, reason, ...(error ? { error } : {}), endedAt: `2026-11-30T00:00:0${attempt}.000Z` },
});
const assigned = { type: FragmentAssigned.type, data: { fragmentId } };

describe('fragmentFailure', () => {
  it('given failed attempts with node errors, when described, then it names the fragment, its place, the nodes, the attempts and each error', () => {
    const events = [
      assigned,
      ended(NODE_A, 1, 'failed', { code: 'RUNNER.EXECUTION_FAILED', message: 'Non-zero status code returned while running Relu node' }),
      assigned,
      ended(NODE_B, 2, 'expired'),
      assigned,
      ended(NODE_A, 3, 'failed', { code: 'NODE.RESULT_INVALID', message: 'output y has a NaN' }),
    ];
    const { fragment, reason } = fragmentFailure(fragmentId, events);
    expect(fragment).toEqual({
      fragmentId,
      index: 7,
      step: 2,
      attempts: [
        expect.objectContaining({ nodeId: NODE_A, reason: 'failed', error: { code: 'RUNNER.EXECUTION_FAILED', message: expect.stringContaining('Relu') } }),
        { nodeId: NODE_B, leaseId: `${fragmentId}-e1-a2`, reason: 'expired', endedAt: '2026-11-30T00:00:02.000Z' },
        expect.objectContaining({ nodeId: NODE_A, error: { code: 'NODE.RESULT_INVALID', message: 'output y has a NaN' } }),
      ],
    });
    expect(reason).toBe(
      `fragment ${fragmentId} (index 7, step 2) failed 3 times on 2 nodes: AAAAAAAA… RUNNER.EXECUTION_FAILED: Non-zero status code returned while running Relu node; ` +
        'BBBBBBBB… expired; AAAAAAAA… NODE.RESULT_INVALID: output y has a NaN',
    );
  });

  it('given long errors, when described, then the reason stays within 500 characters and keeps every attempt', () => {
    const long = { code: 'RUNNER.EXECUTION_FAILED', message: 'x'.repeat(500) };
    const events = [1, 2, 3, 4].map((n) => ended(n % 2 ? NODE_A : NODE_B, n, 'failed', long));
    const { reason } = fragmentFailure(fragmentId, events);
    expect(reason.length).toBeLessThanOrEqual(500);
    expect(reason.match(/RUNNER\.EXECUTION_FAILED/g)).toHaveLength(4);
  });

  it('given more attempts than listed, when described, then the latest are kept; released attempts are listed but not counted as failures', () => {
    const events = Array.from({ length: MAX_LISTED_ATTEMPTS + 5 }, (_, n) => ended(NODE_A, n + 1, n === MAX_LISTED_ATTEMPTS + 4 ? 'failed' : 'released'));
    const { fragment, reason } = fragmentFailure(fragmentId, events);
    expect(fragment.attempts).toHaveLength(MAX_LISTED_ATTEMPTS);
    expect(fragment.attempts.at(-1)!.reason).toBe('failed');
    expect(reason).toContain('failed once on 1 node:');
  });
});

describe('fragmentFailure with verdicts', () => {
  it('given a result judged fraud, when described, then it is a failed attempt of that node with the fraud kind', () => {
    const evidence = { check: 'recompute', expected: 'a', got: 'b', hashes: {}, detail: 'row 3 differs by 0.4' };
    const fraud = {
      type: FraudDetected.type,
      data: { fraudId: 'fraud-wrong-output-l1', nodeId: NODE_A, kind: 'wrong-output', jobId: 'job-1', fragmentId, leaseId: `${fragmentId}-e1-a1`, evidence, evidenceHash: '0x' + 'e'.repeat(64), detectedAt: '2026-11-30T00:00:05.000Z' },
    };
    const { fragment, reason } = fragmentFailure(fragmentId, [assigned, fraud, ended(NODE_B, 2, 'expired')]);
    expect(fragment.attempts[0]).toEqual({
      nodeId: NODE_A,
      leaseId: `${fragmentId}-e1-a1`,
      reason: 'failed',
      error: { code: 'VERIFICATION.FRAUD_DETECTED', message: 'wrong-output: row 3 differs by 0.4' },
      endedAt: '2026-11-30T00:00:05.000Z',
    });
    expect(reason).toContain('failed 2 times on 2 nodes');
    expect(reason).toContain('wrong-output');
  });
});
