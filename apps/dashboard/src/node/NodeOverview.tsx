import { useCallback, useEffect, useState } from 'react';
import type { Schemas } from '@corex/client';
import { clientFor, describeError } from '../api';
import { formatCxt } from '../chart-data';
import type { Session } from '../session';

type OperatorNode = Schemas['OperatorNode'];

/** The signed-in node (GET /v1/operator/node): identity, standing, rewards, lease counts, violations. */
export function NodeOverview({ session }: { session: Session }) {
  const [node, setNode] = useState<OperatorNode | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { data, error: problem, response } = await clientFor(session).GET('/v1/operator/node');
    if (data) setNode(data);
    else setError(describeError(problem, response));
  }, [session]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="node-title">
      <div className="title-row">
        <h1 id="node-title">{node ? `Node ${node.name}` : 'Your node'}</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {!node && !error && <p aria-live="polite">Loading…</p>}
      {node && (
        <div className="grid">
          <section aria-labelledby="identity-title" className="card">
            <h2 id="identity-title">Identity</h2>
            <dl className="facts">
              <dt>Node id</dt>
              <dd className="mono">{node.nodeId}</dd>
              <dt>Status</dt>
              <dd>{node.status}</dd>
              <dt>Standing</dt>
              <dd>
                {node.standing.status}
                {node.standing.reason ? ` (${node.standing.reason})` : ''}
              </dd>
              <dt>Tier</dt>
              <dd>{node.tier ?? 'not ranked yet'}</dd>
              <dt>Reputation</dt>
              <dd>{node.reputation ? node.reputation.score.toFixed(3) : 'not scored yet'}</dd>
              <dt>Payout address</dt>
              <dd className={node.payout.address ? 'mono' : undefined}>{node.payout.address ?? 'none bound: rewards wait until one is'}</dd>
            </dl>
          </section>
          <section aria-labelledby="rewards-title" className="card">
            <h2 id="rewards-title">Rewards</h2>
            <dl className="facts">
              <dt>Earned</dt>
              <dd>{formatCxt(node.rewards.earned)}</dd>
              <dt>Paid</dt>
              <dd>{formatCxt(node.rewards.paid)}</dd>
              <dt>Pending</dt>
              <dd>{formatCxt(node.rewards.pending)}</dd>
            </dl>
          </section>
          <section aria-labelledby="leases-title" className="card">
            <h2 id="leases-title">Work</h2>
            <dl className="facts">
              <dt>Active leases</dt>
              <dd>{node.leases.active}</dd>
              <dt>Completed</dt>
              <dd>{node.leases.completed}</dd>
              <dt>Verified</dt>
              <dd>{node.leases.verified}</dd>
              <dt>Failed</dt>
              <dd>{node.leases.failed}</dd>
              <dt>Rejected</dt>
              <dd>{node.leases.rejected}</dd>
              <dt>Fraud</dt>
              <dd>{node.leases.fraud}</dd>
            </dl>
          </section>
          <section aria-labelledby="violations-title" className="card">
            <h2 id="violations-title">Violations</h2>
            {node.violations.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul>
                {node.violations.map((v) => (
                  <li key={v.fraudId}>
                    {v.kind} on {new Date(v.detectedAt).toLocaleString()} (evidence <span className="mono">{v.evidenceHash.slice(0, 18)}…</span>)
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
