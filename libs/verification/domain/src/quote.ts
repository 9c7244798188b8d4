import type { VerificationPolicy } from '@corex/events';
import { SPOT_CHECK_MAX, SPOT_CHECK_MIN } from './trust-policy';

/** What a job's verification costs and buys, shown at submission (docs/verification.md). */
export interface VerificationQuote {
  readonly policy: VerificationPolicy;
  /** Extra compute spent on checking, as a share of the job's own compute (1 = every fragment runs twice). */
  readonly extraComputeShare: number;
  /** That share of the budget, in CXT (decimal string): the most verification may take of it. */
  readonly extraCost: string;
  /** Probability that one wrong fragment is caught. */
  readonly detectionPerFragment: number;
  /** Probability that a node returning 50 wrong fragments is caught at least once. */
  readonly detectionWithin50: number;
}

/** The part of the job the quote depends on. */
export interface QuotedJob {
  /** CXT decimal string, as on JobSubmitted. */
  readonly budget: string;
}

const CXT_DECIMALS = 18;

/**
 * The quote of a policy for a job. `adaptive` is quoted for a network of trusted nodes: extra
 * compute at most the highest spot-check rate, detection at least the lowest (new and
 * low-reputation nodes get a replica instead, which catches every wrong result).
 */
export function verificationQuote(policy: VerificationPolicy, job: QuotedJob): VerificationQuote {
  const { share, detection } = rates(policy);
  return {
    policy,
    extraComputeShare: share,
    extraCost: shareOfCxt(job.budget, share),
    detectionPerFragment: detection,
    detectionWithin50: round6(1 - (1 - detection) ** 50),
  };
}

function rates(policy: VerificationPolicy): { share: number; detection: number } {
  if (policy.mode === 'redundancy') return { share: policy.factor - 1, detection: 1 };
  if (policy.mode === 'spot-check') return { share: policy.rate, detection: policy.rate };
  return { share: SPOT_CHECK_MAX, detection: SPOT_CHECK_MIN };
}

/** `share` of a CXT amount, rounded down to the wei. */
function shareOfCxt(amount: string, share: number): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const scale = 10n ** BigInt(CXT_DECIMALS);
  const units = BigInt(whole) * scale + BigInt(fraction.padEnd(CXT_DECIMALS, '0').slice(0, CXT_DECIMALS));
  const part = (units * BigInt(Math.round(share * 1_000_000))) / 1_000_000n;
  const rest = (part % scale).toString().padStart(CXT_DECIMALS, '0').replace(/0+$/, '');
  return rest ? `${part / scale}.${rest}` : (part / scale).toString();
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
