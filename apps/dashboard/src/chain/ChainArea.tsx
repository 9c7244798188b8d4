import { Fragment, useCallback, useEffect, useState } from 'react';
import { clientFor } from '../api';
import type { Session } from '../session';
import type { ChainRoute } from './chain-routes';
import { argText, cxtChangeText, eventSentence, receiptFacts, transactionProblem, type ChainTransaction, type EvmTransaction, type SolanaTransaction } from './receipt-format';

/**
 * A transaction's page for chains without an explorer (the local devnets): its receipt as the
 * chain holds it, read through the marketplace (GET /v1/chains/{chain}/transactions/{hash}), and
 * what it did in words: the Corex events on EVM chains, memos and CXT moved on Solana.
 */
export function ChainArea({ route, session }: { route: ChainRoute; session: Session }) {
  const [tx, setTx] = useState<ChainTransaction | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const { data, error: problem, response } = await clientFor(session).GET('/v1/chains/{chain}/transactions/{hash}', {
      params: { path: { chain: route.chain, hash: route.txHash } },
    });
    if (data) setTx(data);
    else setError(transactionProblem(problem as { code?: string; detail?: string } | undefined, response.status));
  }, [route.chain, route.txHash, session]);

  useEffect(() => {
    setTx(null);
    void load();
  }, [load]);

  return (
    <section aria-labelledby="tx-title">
      <div className="title-row">
        <h1 id="tx-title">Transaction on {route.chain}</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p className="mono">{route.txHash}</p>
      {error && <p role="alert">{error}</p>}
      {!tx && !error && <p aria-live="polite">Reading the chain…</p>}
      {tx && <Receipt tx={tx} />}
    </section>
  );
}

function Receipt({ tx }: { tx: ChainTransaction }) {
  return (
    <>
      <section aria-labelledby="receipt-title" className="card">
        <h2 id="receipt-title">Receipt</h2>
        <dl className="facts">
          {receiptFacts(tx).map(([term, value]) => (
            <Fragment key={term}>
              <dt>{term}</dt>
              <dd className={value.startsWith('0x') ? 'mono' : undefined}>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      {tx.kind === 'evm' ? <CorexEvents tx={tx} /> : <SolanaEffects tx={tx} />}
    </>
  );
}

function CorexEvents({ tx }: { tx: EvmTransaction }) {
  return (
    <section aria-labelledby="events-title" className="card">
        <h2 id="events-title">Corex events</h2>
        {tx.events.length === 0 ? (
          <p>No Corex contract emitted an event in this transaction.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Events of Corex contracts in this transaction, in log order</caption>
            <thead>
              <tr>
                <th scope="col">Log</th>
                <th scope="col">Event</th>
                <th scope="col">What it records</th>
              </tr>
            </thead>
            <tbody>
              {tx.events.map((event) => (
                <tr key={event.logIndex} data-event={`${event.contract}.${event.event}`}>
                  <td>{event.logIndex}</td>
                  <th scope="row">
                    {event.contract}.{event.event}
                  </th>
                  <td>
                    <p className="mono">{eventSentence(event)}</p>
                    <details>
                      <summary>Arguments</summary>
                      <dl className="facts">
                        {event.args.map((arg) => (
                          <Fragment key={arg.name}>
                            <dt>
                              {arg.name} ({arg.type})
                            </dt>
                            <dd className="mono" data-arg={arg.name}>
                              {argText(arg)}
                            </dd>
                          </Fragment>
                        ))}
                      </dl>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tx.otherLogs > 0 && <p>{tx.otherLogs} more log(s) of other contracts (the Wormhole core, …) are not decoded here.</p>}
    </section>
  );
}

function SolanaEffects({ tx }: { tx: SolanaTransaction }) {
  return (
    <section aria-labelledby="effects-title" className="card">
      <h2 id="effects-title">What it did</h2>
      <h3>Memos</h3>
      {tx.memos.length === 0 ? (
        <p>No memo.</p>
      ) : (
        <ul>
          {tx.memos.map((memo, i) => (
            <li key={i} className="mono">
              {memo}
            </li>
          ))}
        </ul>
      )}
      {tx.cxtChanges.length === 0 ? (
        <p>No CXT moved.</p>
      ) : (
        <table>
          <caption>CXT moved, by owner</caption>
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {tx.cxtChanges.map((c) => (
              <tr key={c.owner}>
                <th scope="row" className="mono">
                  {c.owner}
                </th>
                <td>{cxtChangeText(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
