import type { Schemas } from '@corex/client';
import { TxLink } from '../chain/TxLink';
import { formatCxt } from '../chart-data';
import type { Session } from '../session';
import { formatTime } from './node-format';
import { useOperatorView } from './use-operator-view';
import { Violations } from './Violations';

type EpochPayout = Schemas['OperatorEpochPayout'];

/** What the node was paid, epoch by epoch, each payment linked to its transaction; bridge transfers; and stake slashed for violations. */
export function NodePayouts({ session }: { session: Session }) {
  const { data, error } = useOperatorView(session, 'payouts', (c) => c.GET('/v1/operator/node/payouts'));
  const node = useOperatorView(session, 'node', (c) => c.GET('/v1/operator/node'));
  const transfers = data?.epochs.flatMap((e) => e.transfers.map((t) => ({ ...t, epoch: e.epoch }))) ?? [];
  return (
    <section aria-labelledby="payouts-title">
      <h1 id="payouts-title">Payouts</h1>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p aria-live="polite">Loading…</p>}
      {data && (
        <>
          <dl className="facts card">
            <dt>Earned</dt>
            <dd data-testid="payouts-earned">{formatCxt(data.earned)}</dd>
            <dt>Paid on-chain</dt>
            <dd data-testid="payouts-paid">{formatCxt(data.paid)}</dd>
            <dt>Pending</dt>
            <dd data-testid="payouts-pending">{formatCxt(data.pending)}</dd>
          </dl>
          {data.epochs.length === 0 ? <p>No rewards yet.</p> : <EpochTable epochs={data.epochs} />}
          {transfers.length > 0 && <TransferTable transfers={transfers} />}
        </>
      )}
      {node.data && (
        <section aria-labelledby="slashes-title" className="card">
          <h2 id="slashes-title">Violations and slashes</h2>
          <Violations violations={node.data.violations} />
        </section>
      )}
    </section>
  );
}

function EpochTable({ epochs }: { epochs: EpochPayout[] }) {
  return (
    <div className="table-scroll">
      <table data-testid="payouts-table">
        <caption>Rewards per epoch, newest first, and the transactions that paid them</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Fragments</th>
            <th scope="col">Rewards</th>
            <th scope="col">Status</th>
            <th scope="col">Paid</th>
            <th scope="col">Transactions</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => (
            <tr key={e.epoch} data-testid="payout-row" data-epoch={e.epoch}>
              <th scope="row">{e.epoch}</th>
              <td className="num">{e.fragments}</td>
              <td className="num">{formatCxt(e.rewards)}</td>
              <td>
                <span className={`verdict verdict-${e.status === 'paid' ? 'settled' : e.status}`}>{e.status}</span>
              </td>
              <td className="num">{formatCxt(e.paid)}</td>
              <td>
                {e.payments.length === 0 ? (
                  '—'
                ) : (
                  <ul className="tx-list">
                    {e.payments.map((p) => (
                      <li key={p.txHash} data-testid="payment" data-amount={p.amount}>
                        {formatCxt(p.amount)} in <TxLink tx={p} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TransferTable({ transfers }: { transfers: (Schemas['OperatorRewardTransfer'] & { epoch: number })[] }) {
  return (
    <div className="table-scroll">
      <table>
        <caption>Bridge transfers of rewards to the node's chosen chain</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">To</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Sent (home chain)</th>
            <th scope="col">Delivered</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((t) => (
            <tr key={t.transferId}>
              <th scope="row">{t.epoch}</th>
              <td>
                {t.targetChain}: <span className="mono">{t.recipient}</span>
              </td>
              <td className="num">{formatCxt(t.amount)}</td>
              <td>
                {t.status}
                {t.heldUntil && ` until ${formatTime(t.heldUntil)}`}
              </td>
              <td>{t.published ? <TxLink tx={t.published} /> : '—'}</td>
              <td>{t.delivered ? <TxLink tx={t.delivered} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
