import { formatCxt } from '../chart-data';
import type { Session } from '../session';
import { shortId } from './node-format';
import { useOperatorView } from './use-operator-view';

/** Per epoch, side by side: work done, rewards computed and what the chain paid, cumulated as MiningPool pays them, and whether they agree. */
export function NodeReconciliation({ session }: { session: Session }) {
  const { data, error } = useOperatorView(session, 'reconciliation', (c) => c.GET('/v1/operator/node/reconciliation'));
  return (
    <section aria-labelledby="reconciliation-title">
      <h1 id="reconciliation-title">Payout reconciliation</h1>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p aria-live="polite">Loading…</p>}
      {data && (
        <>
          <p data-testid="reconciliation-verdict" className={`verdict verdict-${data.equal ? 'equal' : 'mismatch'}`}>
            {data.equal ? 'Every settled epoch: rewards equal on-chain payments.' : 'Mismatch: some settled epoch was not paid what it earned (see below).'}
          </p>
          <div className="table-scroll">
            <table data-testid="reconciliation-table">
              <caption>Work, rewards and on-chain payments per epoch, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Epoch</th>
                  <th scope="col">Work (fragments)</th>
                  <th scope="col">Rewards</th>
                  <th scope="col">Paid on-chain</th>
                  <th scope="col">Cumulative rewards</th>
                  <th scope="col">Cumulative paid</th>
                  <th scope="col">Outstanding</th>
                  <th scope="col">Agree</th>
                  <th scope="col">Transactions</th>
                </tr>
              </thead>
              <tbody>
                {data.epochs.map((e) => (
                  <tr key={e.epoch} data-testid="reconciliation-row" data-epoch={e.epoch}>
                    <th scope="row">
                      {e.epoch}
                      {e.settled ? '' : ' (open)'}
                    </th>
                    <td className="num">{e.fragments}</td>
                    <td className="num">{formatCxt(e.rewards)}</td>
                    <td className="num">{formatCxt(e.paid)}</td>
                    <td className="num">{formatCxt(e.cumulativeRewards)}</td>
                    <td className="num">{formatCxt(e.cumulativePaid)}</td>
                    <td className="num">{formatCxt(e.outstanding)}</td>
                    <td>
                      <span className={`verdict verdict-${e.equal ? 'equal' : 'mismatch'}`}>{e.equal ? 'equal' : 'mismatch'}</span>
                      {e.why && <p className="why">{e.why}</p>}
                    </td>
                    <td className="mono">
                      {e.txHashes.map((h) => (
                        <span key={h} title={h}>
                          {shortId(h)}{' '}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="reconciliation-totals">
                  <th scope="row">Total</th>
                  <td className="num">{data.totals.fragments}</td>
                  <td className="num">{formatCxt(data.totals.rewards)}</td>
                  <td className="num">{formatCxt(data.totals.paid)}</td>
                  <td colSpan={2} />
                  <td className="num">{formatCxt(data.totals.outstanding)}</td>
                  <td colSpan={2} />
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
