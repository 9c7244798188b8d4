import { useState } from 'react';
import type { Schemas } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import { FragmentOutcome, FragmentReward } from './FragmentOutcome';
import { shortId, summarizeChecks } from './node-format';
import { nodeHref } from './node-routes';
import { useOperatorView } from './use-operator-view';

type Fragment = Schemas['OperatorFragment'];
const PAGE = 200;

/** Every lease the node ended, newest first: verification outcome, evidence, reward; why for each failed or unpaid one. */
export function NodeFragments({ session }: { session: Session }) {
  const first = useOperatorView(session, 'fragments', (c) => c.GET('/v1/operator/node/fragments', { params: { query: { limit: PAGE } } }));
  const [older, setOlder] = useState<{ after: string; items: Fragment[]; nextCursor: string | null } | null>(null);
  const [olderError, setOlderError] = useState<string | null>(null);

  // Older pages belong to the first page they followed: a live reload of the first page drops them.
  const shownOlder = older && older.after === first.data?.nextCursor ? older : null;
  const items = [...(first.data?.items ?? []), ...(shownOlder?.items ?? [])];
  const cursor = shownOlder ? shownOlder.nextCursor : (first.data?.nextCursor ?? null);

  const loadOlder = async () => {
    if (!cursor || !first.data?.nextCursor) return;
    const { data, error, response } = await clientFor(session).GET('/v1/operator/node/fragments', { params: { query: { limit: PAGE, cursor } } });
    if (!data) return setOlderError(describeError(error, response));
    setOlder({ after: first.data.nextCursor, items: [...(shownOlder?.items ?? []), ...data.items], nextCursor: data.nextCursor });
  };

  return (
    <section aria-labelledby="fragments-title">
      <h1 id="fragments-title">Fragments</h1>
      {first.error && <p role="alert">{first.error}</p>}
      {!first.data && !first.error && <p aria-live="polite">Loading…</p>}
      {first.data && items.length === 0 && <p>The node has not ended a lease yet.</p>}
      {items.length > 0 && <FragmentTable items={items} />}
      {olderError && <p role="alert">{olderError}</p>}
      {cursor && (
        <button type="button" onClick={() => void loadOlder()}>
          Show older fragments
        </button>
      )}
    </section>
  );
}

function FragmentTable({ items }: { items: Fragment[] }) {
  return (
    <div className="table-scroll">
      <table data-testid="fragments-table">
        <caption>
          {items.length} leases, newest first: how each ended, its verification, reward, and why when it failed or was not paid
        </caption>
        <thead>
          <tr>
            <th scope="col">Fragment</th>
            <th scope="col">Job</th>
            <th scope="col">Ended</th>
            <th scope="col">Verification</th>
            <th scope="col">Evidence</th>
            <th scope="col">Reward</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.leaseId} data-testid="fragment-row" data-lease-id={f.leaseId} data-status={f.status}>
              <th scope="row">
                <a href={nodeHref({ page: 'node-fragment', fragmentId: f.fragmentId })}>{f.fragmentId}</a>
              </th>
              <td className="mono" title={f.jobId}>
                {shortId(f.jobId)}
              </td>
              <td>{f.state}</td>
              <td>
                {f.verification.verdict ?? 'no verdict yet'}
                {f.verification.method && <span className="decided-by"> by {f.verification.method}</span>}
              </td>
              <td>
                {summarizeChecks(f.verification.checks)}
                {f.verification.fraud && (
                  <>
                    <br />
                    {f.verification.fraud.kind}: <span className="mono">{shortId(f.verification.fraud.evidenceHash)}</span>
                  </>
                )}
              </td>
              <td className="num">
                <FragmentReward reward={f.reward} />
              </td>
              <td>
                <FragmentOutcome fragment={f} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
