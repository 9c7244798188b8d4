import type { Schemas } from '@corex/client';
import { describeDecidingEvent, needsExplanation, paidShare, shortId, statusWords, summarizeChecks } from './node-format';

type Checks = Schemas['OperatorFragment']['verification']['checks'];

describe('node page formatting', () => {
  it('given the deciding event of a fraud, when described, then it names type, stream seq and id', () => {
    expect(describeDecidingEvent({ type: 'corex.fraud.detected.v1', id: 'e-1', seq: 42, time: '2026-11-30T00:00:00Z' })).toBe('corex.fraud.detected.v1 #42 (id e-1)');
  });

  it('given checks with mixed outcomes, when summarized, then each outcome is counted in a stable order', () => {
    const checks: Checks = [
      { check: 'replica-agreement', outcome: 'fail' },
      { check: 'shape', outcome: 'pass' },
      { check: 'hash', outcome: 'pass' },
    ];
    expect(summarizeChecks(checks)).toBe('2 pass, 1 fail');
    expect(summarizeChecks([])).toBe('no checks');
  });

  it('given a paid fragment and a rejected one, when asked, then only the rejected one needs its why', () => {
    expect(needsExplanation({ status: 'settled', why: null })).toBe(false);
    expect(needsExplanation({ status: 'rejected', why: 'the verifier rejected it' })).toBe(true);
    expect(needsExplanation({ status: 'accrued', why: 'its epoch 4 is still open' })).toBe(true);
  });

  it('given wei amounts beyond float precision, when paid is half of earned, then the share is exactly one half', () => {
    expect(paidShare('3000000000000000000000000', '1500000000000000000000000')).toBe(0.5);
    expect(paidShare('0', '0')).toBe(0);
  });

  it('given a long hash, when shortened, then its start and end remain', () => {
    expect(shortId('0x0123456789abcdef0123456789abcdef', 4)).toBe('0x01…cdef');
    expect(shortId('short')).toBe('short');
  });

  it('given a settled fragment, when its status is worded, then it reads paid', () => {
    expect(statusWords('settled')).toBe('paid');
  });
});
