import { resultReplySchema, workReplySchema } from './work-schemas';

describe('work protocol replies', () => {
  it('keep retryAfterMs on a rate-limit refusal, so a node knows how long to wait', () => {
    const refusal = { ok: false, code: 'NODE.RATE_LIMITED', message: 'too many requests from this node; retry in 250 ms', retryAfterMs: 250 };
    expect(workReplySchema.parse(refusal)).toEqual(refusal);
    expect(resultReplySchema.parse(refusal)).toEqual(refusal);
  });

  it('accept a refusal without retryAfterMs and refuse a negative one', () => {
    expect(resultReplySchema.safeParse({ ok: false, code: 'NODE.NOT_LEASED', message: 'x' }).success).toBe(true);
    expect(resultReplySchema.safeParse({ ok: false, code: 'NODE.RATE_LIMITED', message: 'x', retryAfterMs: -1 }).success).toBe(false);
  });
});
