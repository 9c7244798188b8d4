import { AccountDeposited, FundsReleased, FundsReserved, FundsSpent, WalletLinked, type NewEvent } from '@corex/events';
import { PaymentRequiredError } from '@corex/platform';
import { formatCxt } from './cxt-amount';

/** One job's hold on the account's funds: its reservation, what it has spent, whether it ended. */
export interface JobHold {
  reserved: bigint;
  spent: bigint;
  open: boolean;
}

/** An account's funds (aggregate `funds.<accountId>`), in wei. */
export interface FundsState {
  deposited: bigint;
  jobs: Record<string, JobHold>;
  /** Fragments already charged (a reward is spent once). */
  charged: Record<string, true>;
  wallet?: string;
}

export interface ReserveFunds {
  kind: 'ReserveFunds';
  accountId: string;
  jobId: string;
  amount: bigint;
}
export interface SpendFunds {
  kind: 'SpendFunds';
  accountId: string;
  jobId: string;
  fragmentId: string;
  amount: bigint;
}
export interface ReleaseFunds {
  kind: 'ReleaseFunds';
  accountId: string;
  jobId: string;
  reason: 'completed' | 'failed' | 'cancelled';
}
export type FundsCommand = ReserveFunds | SpendFunds | ReleaseFunds;

export const initialFundsState = (): FundsState => ({ deposited: 0n, jobs: {}, charged: {} });

/** What a job holds: an open job its reservation (or more, if its charges went beyond it), an ended one what it spent. */
const held = (j: JobHold) => (j.open ? (j.spent > j.reserved ? j.spent : j.reserved) : j.spent);

export interface FundsSummary {
  deposited: bigint;
  /** Still held by open jobs and not yet spent. */
  reserved: bigint;
  spent: bigint;
  available: bigint;
}

/** deposited = available + reserved + spent (available may go below 0 only if charges outran reservations). */
export function fundsSummary(s: FundsState): FundsSummary {
  let holds = 0n;
  let spent = 0n;
  for (const j of Object.values(s.jobs)) {
    holds += held(j);
    spent += j.spent;
  }
  return { deposited: s.deposited, reserved: holds - spent, spent, available: s.deposited - holds };
}

export function evolveFunds(state: FundsState, event: NewEvent): FundsState {
  const d = event.data as Record<string, string>;
  switch (event.type) {
    case AccountDeposited.type:
      return { ...state, deposited: state.deposited + BigInt(d.amount!) };
    case FundsReserved.type:
      return { ...state, jobs: { ...state.jobs, [d.jobId!]: { reserved: BigInt(d.amount!), spent: 0n, open: true } } };
    case FundsSpent.type: {
      const job = state.jobs[d.jobId!] ?? { reserved: 0n, spent: 0n, open: false };
      return { ...state, jobs: { ...state.jobs, [d.jobId!]: { ...job, spent: job.spent + BigInt(d.amount!) } }, charged: { ...state.charged, [d.fragmentId!]: true } };
    }
    case FundsReleased.type: {
      const job = state.jobs[d.jobId!];
      return job ? { ...state, jobs: { ...state.jobs, [d.jobId!]: { ...job, open: false } } } : state;
    }
    case WalletLinked.type:
      return { ...state, wallet: d.wallet };
    default:
      return state;
  }
}

/**
 * Reserve a job's budget at submission: refused with FUNDS.INSUFFICIENT (402, available and
 * needed in CXT) when the available funds do not cover it; a job reserves once. Spend a
 * fragment's reward from its job (once per fragment; never refused: the work is done). Release
 * what an ended job reserved and did not spend (once).
 */
export function decideFunds(command: FundsCommand, state: FundsState): NewEvent[] {
  const { accountId, jobId } = command;
  switch (command.kind) {
    case 'ReserveFunds': {
      if (state.jobs[jobId]) return [];
      const { available } = fundsSummary(state);
      if (command.amount > available) {
        throw new PaymentRequiredError('FUNDS.INSUFFICIENT', `the account's available funds (${formatCxt(available < 0n ? 0n : available)} CXT) do not cover the budget (${formatCxt(command.amount)} CXT): deposit CXT into the MiningPool for this account`, {
          available: formatCxt(available < 0n ? 0n : available),
          needed: formatCxt(command.amount),
        });
      }
      return [{ id: `funds-reserved:${jobId}`, type: FundsReserved.type, data: { accountId, jobId, amount: command.amount.toString() } }];
    }
    case 'SpendFunds': {
      if (state.charged[command.fragmentId] || command.amount === 0n) return [];
      return [{ id: `funds-spent:${command.fragmentId}`, type: FundsSpent.type, data: { accountId, jobId, fragmentId: command.fragmentId, amount: command.amount.toString() } }];
    }
    case 'ReleaseFunds': {
      const job = state.jobs[jobId];
      if (!job || !job.open) return [];
      const released = job.reserved > job.spent ? job.reserved - job.spent : 0n;
      return [
        {
          id: `funds-released:${jobId}`,
          type: FundsReleased.type,
          data: { accountId, jobId, reserved: job.reserved.toString(), spent: job.spent.toString(), released: released.toString(), reason: command.reason },
        },
      ];
    }
  }
}
