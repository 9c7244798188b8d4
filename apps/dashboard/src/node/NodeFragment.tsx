import type { Schemas } from '@corex/client';
import type { Session } from '../session';
import { FragmentOutcome, FragmentReward } from './FragmentOutcome';
import { formatTime } from './node-format';
import { nodeHref } from './node-routes';
import { useOperatorView } from './use-operator-view';

type Fragment = Schemas['OperatorFragment'];

/** One fragment: every lease the node held of it, with each check the verifier ran and the fraud evidence. */
export function NodeFragment({ session, fragmentId }: { session: Session; fragmentId: string }) {
  const { data, error } = useOperatorView(session, 'fragments', (c) => c.GET('/v1/operator/node/fragments/{fragmentId}', { params: { path: { fragmentId } } }), fragmentId);
  return (
    <section aria-labelledby="fragment-title">
      <p>
        <a href={nodeHref({ page: 'node-fragments' })}>All fragments</a>
      </p>
      <h1 id="fragment-title">Fragment {fragmentId}</h1>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p aria-live="polite">Loading…</p>}
      {data?.items.map((lease) => <Lease key={lease.leaseId} lease={lease} />)}
    </section>
  );
}

function Lease({ lease }: { lease: Fragment }) {
  const titleId = `lease-${lease.leaseId}`;
  return (
    <section aria-labelledby={titleId} className="card" data-testid="fragment-lease">
      <h2 id={titleId}>
        Lease {lease.leaseId} (attempt {lease.attempt})
      </h2>
      <dl className="facts">
        <dt>Job</dt>
        <dd className="mono">{lease.jobId}</dd>
        <dt>Assigned</dt>
        <dd>{formatTime(lease.assignedAt)}</dd>
        <dt>Ended</dt>
        <dd>
          {lease.state} {lease.endedAt && `at ${formatTime(lease.endedAt)}`}
        </dd>
        <dt>Result hash</dt>
        <dd className="mono">{lease.resultHash ?? '—'}</dd>
        {lease.error && (
          <>
            <dt>Node error</dt>
            <dd>
              {lease.error.message} ({lease.error.code})
            </dd>
          </>
        )}
        <dt>Verdict</dt>
        <dd>
          {lease.verification.verdict ?? 'none yet'}
          {lease.verification.method && ` by ${lease.verification.method}`}
          {lease.verification.reason && `: ${lease.verification.reason}`}
        </dd>
        <dt>Reward</dt>
        <dd>
          <FragmentReward reward={lease.reward} />
        </dd>
        <dt>Outcome</dt>
        <dd>
          <FragmentOutcome fragment={lease} />
        </dd>
      </dl>
      {lease.verification.checks.length > 0 && <Checks lease={lease} />}
      {lease.verification.fraud && <FraudEvidence fraud={lease.verification.fraud} />}
    </section>
  );
}

function Checks({ lease }: { lease: Fragment }) {
  return (
    <table>
      <caption>Checks the verifier ran on this result</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Outcome</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {lease.verification.checks.map((c, i) => (
          <tr key={`${c.check}-${i}`}>
            <th scope="row">{c.check}</th>
            <td>{c.outcome}</td>
            <td>
              {c.detail ?? ''}
              {c.metrics &&
                Object.entries(c.metrics)
                  .map(([k, v]) => ` ${k}=${v}`)
                  .join(',')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FraudEvidence({ fraud }: { fraud: NonNullable<Fragment['verification']['fraud']> }) {
  return (
    <section aria-label="Fraud evidence">
      <h3>Fraud: {fraud.kind}</h3>
      <dl className="facts">
        <dt>What</dt>
        <dd>{fraud.evidence.detail}</dd>
        <dt>Check</dt>
        <dd>{fraud.evidence.check}</dd>
        <dt>Expected</dt>
        <dd className="mono">{fraud.evidence.expected}</dd>
        <dt>Got</dt>
        <dd className="mono">{fraud.evidence.got}</dd>
        <dt>Evidence hash</dt>
        <dd className="mono">{fraud.evidenceHash}</dd>
      </dl>
    </section>
  );
}
