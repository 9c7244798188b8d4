import type { DataSource } from 'typeorm';
import type { CheckRecord, VerificationPolicy } from '@corex/events';
import { verificationQuote } from '@corex/verification-domain';
import type { FragmentOutcome } from '../../projections/fragment-verifications.projection';
import type { JobFragmentView, JobVerificationView } from './verification.view.schema';

const ADAPTIVE: VerificationPolicy = { mode: 'adaptive' };

/** The policy a job runs under (adaptive when none was sent) and its quote. */
export function quotedPolicy(policy: VerificationPolicy | null | undefined, budget: string): Pick<JobVerificationView, 'policy' | 'quote'> {
  const effective = policy ?? ADAPTIVE;
  return { policy: effective, quote: verificationQuote(effective, { budget }) };
}

/** The job view's `verification`: policy, quote, what checking cost and its fragments by latest verdict. */
export async function jobVerification(
  ds: DataSource,
  job: { id: string; budget: string; verification: VerificationPolicy | null; fragments_planned: number },
): Promise<JobVerificationView> {
  const [byOutcome, [cost]] = await Promise.all([
    ds.query(
      `SELECT outcome, count(*)::int AS n FROM marketplace.fragment_verifications WHERE job_id = $1 AND replica_of IS NULL GROUP BY outcome`,
      [job.id],
    ) as Promise<Array<{ outcome: FragmentOutcome; n: number }>>,
    ds.query(`SELECT coalesce(sum(cost_flops), 0)::float8 AS flops, coalesce(sum(cost_ms), 0)::float8 AS ms FROM marketplace.fragment_verifications WHERE job_id = $1`, [job.id]),
  ]);
  const n = (outcome: FragmentOutcome) => byOutcome.find((r) => r.outcome === outcome)?.n ?? 0;
  const judged = n('verified') + n('rejected') + n('fraud') + n('escalated');
  return {
    ...quotedPolicy(job.verification, job.budget),
    cost: { flops: Number(cost.flops), ms: Number(cost.ms) },
    fragments: { verified: n('verified'), rejected: n('rejected'), fraud: n('fraud'), escalated: n('escalated'), pending: Math.max(0, job.fragments_planned - judged) },
  };
}

interface FragmentRow {
  fragment_id: string;
  replica_of: string | null;
  node_id: string | null;
  outcome: FragmentOutcome;
  method: JobFragmentView['verification']['method'];
  checks: CheckRecord[];
  cost_flops: number;
  cost_ms: number;
  frauds: number;
  rejections: number;
  escalations: number;
}

/** A page of the job's own fragments (those with a result so far) in id order, each with its replicas. */
export async function jobFragments(ds: DataSource, jobId: string, after: string, limit: number): Promise<{ items: JobFragmentView[]; more: boolean }> {
  const originals: FragmentRow[] = await ds.query(
    `SELECT * FROM marketplace.fragment_verifications WHERE job_id = $1 AND replica_of IS NULL AND fragment_id > $2 ORDER BY fragment_id LIMIT $3`,
    [jobId, after, limit + 1],
  );
  const page = originals.slice(0, limit);
  const replicas: FragmentRow[] = page.length
    ? await ds.query(`SELECT * FROM marketplace.fragment_verifications WHERE job_id = $1 AND replica_of = ANY($2) ORDER BY fragment_id`, [jobId, page.map((r) => r.fragment_id)])
    : [];
  return { items: page.map((row) => toFragmentView(row, replicas.filter((r) => r.replica_of === row.fragment_id))), more: originals.length > limit };
}

function toFragmentView(row: FragmentRow, replicas: FragmentRow[]): JobFragmentView {
  const all = [row, ...replicas];
  return {
    fragmentId: row.fragment_id,
    nodeId: row.node_id,
    verification: {
      outcome: row.outcome,
      method: row.method,
      checks: row.checks,
      cost: { flops: all.reduce((s, r) => s + Number(r.cost_flops), 0), ms: all.reduce((s, r) => s + Number(r.cost_ms), 0) },
      attempts: { fraud: row.frauds, rejected: row.rejections, escalated: row.escalations },
    },
    replicas: replicas.slice(0, 16).map((r) => ({ fragmentId: r.fragment_id, nodeId: r.node_id, outcome: r.outcome })),
  };
}
