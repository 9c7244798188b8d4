import { AccountCreated, createCorexCatalog, InvalidEventDataError, JobSubmitted, type EventEnvelope } from './index';
import { findUnstorable } from './common';
import { jobSubmittedData } from '../../../test/support/job-submitted';

const catalog = createCorexCatalog();

const account = (name: string) => ({
  accountId: 'acc-1',
  name,
  apiKeyHash: 'a'.repeat(64),
  apiKeyPrefix: 'cx_',
  createdAt: '2026-11-29T00:00:00.000Z',
});

const job = (params: Record<string, unknown>) => jobSubmittedData('job-1', { params });

function refusal(type: string, data: unknown): string {
  try {
    catalog.validate(type, data);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidEventDataError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('event catalog on publish', () => {
  it('refuses a NUL character in a string and names its path', () => {
    expect(refusal(AccountCreated.type, account('ac\u0000me'))).toMatch(/name: string holds a NUL character/);
  });

  it('refuses a lone surrogate at any depth, in a key as well as in a value', () => {
    expect(refusal(JobSubmitted.type, job({ columns: ['a', 'b\uD800'] }))).toMatch(/params\.columns\.1: string holds a lone surrogate/);
    expect(refusal(JobSubmitted.type, job({ nested: { ['k\uDC00']: 1 } }))).toMatch(/params\.nested\.k.: key holds a lone surrogate/);
  });

  it('refuses numbers that are not finite', () => {
    expect(refusal(JobSubmitted.type, job({ lr: Number.NaN }))).toMatch(/params\.lr: not a finite number/);
    expect(refusal(JobSubmitted.type, job({ steps: [1, Number.POSITIVE_INFINITY] }))).toMatch(/params\.steps\.1: not a finite number/);
  });

  it('accepts text outside the basic plane made of surrogate pairs', () => {
    expect(catalog.validate(AccountCreated.type, account('acme 🦀 ünïcode'))).toMatchObject({ name: 'acme 🦀 ünïcode' });
    expect(findUnstorable({ a: ['\uD83E\uDD80'], b: { c: 1.5 } })).toBeUndefined();
  });

  it('still reads such an event from the log, so a projection can report where it is stuck', () => {
    const envelope = { type: AccountCreated.type, data: account('ac\u0000me') } as EventEnvelope;
    expect(catalog.read(envelope).data).toMatchObject({ name: 'ac\u0000me' });
  });
});
