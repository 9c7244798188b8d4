import { chainHref } from './chain-routes';

/** What a view says of a transaction: the chain it is on, its hash, and an explorer link when the marketplace knows one. */
export interface ChainTx {
  chain: string;
  txHash: string;
  explorerUrl?: string | null;
}

const shortHash = (hash: string) => (hash.length > 18 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash);

/**
 * A transaction, linked to the chain where it happened: the explorer when one is configured
 * (COREX_EXPLORER_URLS), else the dashboard's own page of the receipt as the chain holds it.
 */
export function TxLink({ tx }: { tx: ChainTx }) {
  const label = `${shortHash(tx.txHash)} on ${tx.chain}`;
  const title = `Transaction ${tx.txHash} on ${tx.chain}`;
  if (tx.explorerUrl) {
    return (
      <a href={tx.explorerUrl} target="_blank" rel="noreferrer" title={title} data-tx-hash={tx.txHash}>
        {label}
      </a>
    );
  }
  return (
    <a href={chainHref({ page: 'chain-tx', chain: tx.chain, txHash: tx.txHash })} title={title} data-tx-hash={tx.txHash}>
      {label}
    </a>
  );
}
