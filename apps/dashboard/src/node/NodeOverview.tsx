import type { Schemas } from '@corex/client';
import { formatCxt } from '../chart-data';
import type { Session } from '../session';
import { ContributionChart } from './ContributionChart';
import { formatTime, paidShare, shortId } from './node-format';
import { nodeHref } from './node-routes';
import { epochSeries } from './node-series';
import { useOperatorView } from './use-operator-view';
import { Violations } from './Violations';

type OperatorNode = Schemas['OperatorNode'];

/** The signed-in node at a glance: identity, standing, reward progress, current leases, recent violations, contribution. */
export function NodeOverview({ session }: { session: Session }) {
  const { data: node, error } = useOperatorView(session, 'node', (c) => c.GET('/v1/operator/node'));
  const allocations = useOperatorView(session, 'allocations', (c) => c.GET('/v1/operator/node/allocations'));
  const history = useOperatorView(session, 'history', (c) => c.GET('/v1/operator/node/history'));

  return (
    <section aria-labelledby="node-title">
      <h1 id="node-title">{node ? `Node ${node.name}` : 'Your node'}</h1>
      {error && <p role="alert">{error}</p>}
      {!node && !error && <p aria-live="polite">Loading…</p>}
      {node && (
        <div className="grid">
          <Identity node={node} />
          <Rewards rewards={node.rewards} />
          <Work leases={node.leases} />
        </div>
      )}
      <section aria-labelledby="allocations-title" className="card">
        <h2 id="allocations-title">Current allocations</h2>
        {allocations.error && <p role="alert">{allocations.error}</p>}
        {allocations.data && <Allocations items={allocations.data.items} />}
      </section>
      {node && (
        <section aria-labelledby="violations-title" className="card">
          <h2 id="violations-title">Recent violations</h2>
          <Violations violations={node.violations.slice(0, 5)} />
        </section>
      )}
      <section aria-labelledby="contribution-title" className="card">
        <h2 id="contribution-title">Contribution per epoch</h2>
        {history.data && <ContributionChart points={epochSeries(history.data.epochs).slice(-20)} height={180} />}
        <p>
          <a href={nodeHref({ page: 'node-history' })}>The whole history: contribution, reputation and tier</a>
        </p>
      </section>
    </section>
  );
}

function Identity({ node }: { node: OperatorNode }) {
  return (
    <section aria-labelledby="identity-title" className="card">
      <h2 id="identity-title">Identity</h2>
      <dl className="facts">
        <dt>Node id</dt>
        <dd className="mono">{node.nodeId}</dd>
        <dt>Status</dt>
        <dd>{node.status}</dd>
        <dt>Standing</dt>
        <dd data-testid="node-standing">
          {node.standing.status}
          {node.standing.reason ? ` (${node.standing.reason})` : ''}
          {node.standing.until ? ` until ${formatTime(node.standing.until)}` : ''}
        </dd>
        <dt>Tier</dt>
        <dd data-testid="node-tier">{node.tier ?? 'not ranked yet'}</dd>
        <dt>Reputation</dt>
        <dd data-testid="node-reputation">{node.reputation ? node.reputation.score.toFixed(3) : 'not scored yet'}</dd>
        <dt>Payout address</dt>
        <dd className={node.payout.address ? 'mono' : undefined}>{node.payout.address ?? 'none bound: rewards wait until one is'}</dd>
        {node.payout.route && (
          <>
            <dt>Paid on</dt>
            <dd>
              {node.payout.route.chain} to <span className="mono">{node.payout.route.recipient}</span>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Rewards({ rewards }: { rewards: OperatorNode['rewards'] }) {
  const share = paidShare(rewards.earned, rewards.paid);
  return (
    <section aria-labelledby="rewards-title" className="card">
      <h2 id="rewards-title">Reward progress</h2>
      <dl className="facts">
        <dt>Earned</dt>
        <dd data-testid="rewards-earned">{formatCxt(rewards.earned)}</dd>
        <dt>Paid</dt>
        <dd data-testid="rewards-paid">{formatCxt(rewards.paid)}</dd>
        <dt>Pending</dt>
        <dd data-testid="rewards-pending">{formatCxt(rewards.pending)}</dd>
      </dl>
      <label htmlFor="paid-share">Paid of earned: {Math.round(share * 100)}%</label>
      <progress id="paid-share" className="reward-progress" max={1} value={share} />
      <p>
        <a href={nodeHref({ page: 'node-payouts' })}>Payouts and their transactions</a>
      </p>
    </section>
  );
}

function Work({ leases }: { leases: OperatorNode['leases'] }) {
  const rows: [string, number][] = [
    ['Active leases', leases.active],
    ['Completed', leases.completed],
    ['Verified', leases.verified],
    ['Failed', leases.failed],
    ['Closed with their job', leases.cancelled],
    ['Rejected', leases.rejected],
    ['Fraud', leases.fraud],
  ];
  return (
    <section aria-labelledby="work-title" className="card">
      <h2 id="work-title">Work</h2>
      <dl className="facts">
        {rows.map(([label, count]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd data-testid={`leases-${label.split(' ')[0]!.toLowerCase()}`}>{count}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={nodeHref({ page: 'node-fragments' })}>Every fragment and its verification</a>
      </p>
    </section>
  );
}

function Allocations({ items }: { items: Schemas['OperatorAllocation'][] }) {
  if (items.length === 0) return <p>No leases held right now.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Leases the node holds now</caption>
        <thead>
          <tr>
            <th scope="col">Fragment</th>
            <th scope="col">Job</th>
            <th scope="col">Lease</th>
            <th scope="col">Attempt</th>
            <th scope="col">Assigned</th>
            <th scope="col">Lease expires</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.leaseId}>
              <td className="mono">{a.fragmentId}</td>
              <td className="mono" title={a.jobId}>{shortId(a.jobId)}</td>
              <td className="mono" title={a.leaseId}>{shortId(a.leaseId)}</td>
              <td className="num">{a.attempt}</td>
              <td>{formatTime(a.assignedAt)}</td>
              <td>{formatTime(a.leaseExpiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
