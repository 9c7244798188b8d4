import type { Schemas } from '@corex/client';

type Fragment = Schemas['OperatorFragment'];
type DecidingEvent = Schemas['DecidingEvent'];

/** An ISO time for people, in the browser's locale; a dash for none. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A long id or hash cut to its start and end, for tables; the whole one goes in a title. */
export function shortId(id: string, keep = 8): string {
  return id.length > keep * 2 + 1 ? `${id.slice(0, keep)}…${id.slice(-keep)}` : id;
}

/** The event that decided a lease, as one line: `corex.fraud.detected.v1 #42 (id …)`. */
export function describeDecidingEvent(event: DecidingEvent): string {
  return `${event.type} #${event.seq} (id ${event.id})`;
}

const STATUS_WORDS: Record<Fragment['status'], string> = {
  running: 'running',
  'awaiting-verification': 'awaiting verification',
  escalated: 'escalated for re-verification',
  verified: 'verified, reward not recorded yet',
  accrued: 'reward accrued (epoch open)',
  settled: 'paid',
  'unpaid-no-payout': 'unpaid: no payout address',
  'lease-ended': 'lease ended without a result',
  rejected: 'rejected',
  fraud: 'fraud',
};

export const statusWords = (status: Fragment['status']): string => STATUS_WORDS[status];

/** Failed or unpaid: the page must say why, with the deciding event. */
export function needsExplanation(fragment: Pick<Fragment, 'status' | 'why'>): boolean {
  return fragment.why !== null || ['lease-ended', 'rejected', 'fraud', 'unpaid-no-payout'].includes(fragment.status);
}

/** The checks a verifier ran, counted by outcome: `3 pass, 1 fail`; `no checks` when none ran. */
export function summarizeChecks(checks: Fragment['verification']['checks']): string {
  if (checks.length === 0) return 'no checks';
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
  return ['pass', 'inconclusive', 'fail']
    .filter((outcome) => counts.has(outcome))
    .map((outcome) => `${counts.get(outcome)} ${outcome}`)
    .join(', ');
}

/** Paid as a share of earned, 0–1 (0 when nothing was earned), exact on wei strings. */
export function paidShare(earned: string, paid: string): number {
  const e = BigInt(earned);
  if (e === 0n) return 0;
  return Number((BigInt(paid) * 10_000n) / e) / 10_000;
}
