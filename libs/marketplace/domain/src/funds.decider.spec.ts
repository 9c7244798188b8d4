import { AccountDeposited, FundsReleased, FundsReserved, FundsSpent } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import { decideFunds, evolveFunds, fundsSummary, initialFundsState, type FundsCommand } from './funds.decider';

const CXT = 10n ** 18n;
const funds = deciderSpec({ decide: decideFunds, evolve: evolveFunds, initialState: initialFundsState });
const acc = 'acc-1';
const deposited = (cxt: bigint) => ({ id: `d-${cxt}`, type: AccountDeposited.type, data: { accountId: acc, accountKey: '0x' + '1'.repeat(64), from: '0x' + '2'.repeat(40), amount: (cxt * CXT).toString(), block: 1, txHash: '0x' + '3'.repeat(64) } });
const reserved = (jobId: string, cxt: bigint) => ({ id: `funds-reserved:${jobId}`, type: FundsReserved.type, data: { accountId: acc, jobId, amount: (cxt * CXT).toString() } });
const spent = (jobId: string, fragmentId: string, cxt: bigint) => ({ id: `funds-spent:${fragmentId}`, type: FundsSpent.type, data: { accountId: acc, jobId, fragmentId, amount: (cxt * CXT).toString() } });
const released = (jobId: string, r: bigint, s: bigint, reason: 'completed' | 'failed' | 'cancelled' = 'completed') => ({
  id: `funds-released:${jobId}`,
  type: FundsReleased.type,
  data: { accountId: acc, jobId, reserved: (r * CXT).toString(), spent: (s * CXT).toString(), released: ((r - s) * CXT).toString(), reason },
});
const reserve = (jobId: string, cxt: bigint): FundsCommand => ({ kind: 'ReserveFunds', accountId: acc, jobId, amount: cxt * CXT });
const spend = (jobId: string, fragmentId: string, cxt: bigint): FundsCommand => ({ kind: 'SpendFunds', accountId: acc, jobId, fragmentId, amount: cxt * CXT });
const release = (jobId: string, reason: 'completed' | 'failed' | 'cancelled' = 'completed'): FundsCommand => ({ kind: 'ReleaseFunds', accountId: acc, jobId, reason });

describe('account funds', () => {
  it('given a deposit, when a job reserves within it, then the budget is reserved', () => {
    funds.given([deposited(100n)]).when(reserve('j1', 60n)).then([reserved('j1', 60n)]);
  });

  it('given a deposit, when a job reserves exactly all of it, then it is reserved', () => {
    funds.given([deposited(100n)]).when(reserve('j1', 100n)).then([reserved('j1', 100n)]);
  });

  it('given no deposit, when a job reserves, then FUNDS.INSUFFICIENT with available 0 and the budget needed', () => {
    funds.given([]).when(reserve('j1', 1n)).thenThrows('FUNDS.INSUFFICIENT');
    try {
      decideFunds(reserve('j1', 1n), initialFundsState());
    } catch (err) {
      expect(err).toMatchObject({ status: 402, details: { available: '0', needed: '1' } });
    }
  });

  it('given another job holding part of the deposit, when a second job needs more than the rest, then FUNDS.INSUFFICIENT naming the rest', () => {
    funds.given([deposited(100n), reserved('j1', 60n)]).when(reserve('j2', 41n)).thenThrows('FUNDS.INSUFFICIENT');
    const state = [deposited(100n), reserved('j1', 60n)].reduce(evolveFunds, initialFundsState());
    expect(() => decideFunds(reserve('j2', 41n), state)).toThrow(expect.objectContaining({ details: { available: '40', needed: '41' } }));
    funds.given([deposited(100n), reserved('j1', 60n)]).when(reserve('j2', 40n)).then([reserved('j2', 40n)]);
  });

  it('given a job already reserved, when it reserves again (a replayed submission), then nothing new', () => {
    funds.given([deposited(100n), reserved('j1', 60n)]).when(reserve('j1', 60n)).then([]);
  });

  it('given a reservation, when a fragment is rewarded, then it is spent from the job, once per fragment', () => {
    funds.given([deposited(100n), reserved('j1', 60n)]).when(spend('j1', 'f1', 7n)).then([spent('j1', 'f1', 7n)]);
    funds.given([deposited(100n), reserved('j1', 60n), spent('j1', 'f1', 7n)]).when(spend('j1', 'f1', 7n)).then([]);
  });

  it('given a job that spent part of its reservation, when it ends, then the unspent rest is released, once', () => {
    const history = [deposited(100n), reserved('j1', 60n), spent('j1', 'f1', 7n), spent('j1', 'f2', 3n)];
    funds.given(history).when(release('j1')).then([released('j1', 60n, 10n)]);
    funds.given([...history, released('j1', 60n, 10n)]).when(release('j1', 'failed')).then([]);
  });

  it('given a job that never reserved (no chain at its submission), when it ends, then nothing', () => {
    funds.given([deposited(100n)]).when(release('j9', 'cancelled')).then([]);
  });

  it('summarises deposit = available + reserved + spent, an ended job holding only what it spent', () => {
    const open = [deposited(100n), reserved('j1', 60n), spent('j1', 'f1', 10n)].reduce(evolveFunds, initialFundsState());
    expect(fundsSummary(open)).toEqual({ deposited: 100n * CXT, reserved: 50n * CXT, spent: 10n * CXT, available: 40n * CXT });
    const ended = evolveFunds(open, released('j1', 60n, 10n));
    expect(fundsSummary(ended)).toEqual({ deposited: 100n * CXT, reserved: 0n, spent: 10n * CXT, available: 90n * CXT });
    // A reward that arrives after its job ended is still spent.
    const late = evolveFunds(ended, spent('j1', 'f3', 5n));
    expect(fundsSummary(late)).toEqual({ deposited: 100n * CXT, reserved: 0n, spent: 15n * CXT, available: 85n * CXT });
  });
});
