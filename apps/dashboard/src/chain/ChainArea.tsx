import type { Session } from '../session';
import type { ChainRoute } from './chain-routes';

/** A transaction's page; its receipt as the chain holds it is read through the marketplace. */
export function ChainArea({ route }: { route: ChainRoute; session: Session }) {
  return (
    <section aria-labelledby="tx-title">
      <h1 id="tx-title">Transaction on {route.chain}</h1>
      <p className="mono">{route.txHash}</p>
    </section>
  );
}
