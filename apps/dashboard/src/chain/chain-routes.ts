/** A transaction as the chain it settled on recorded it (`#/chain/<chain>/tx/<hash>`), for chains without an explorer (local devnets). */
export type ChainRoute = { page: 'chain-tx'; chain: string; txHash: string };

export function isChainRoute(route: { page: string }): route is ChainRoute {
  return route.page === 'chain-tx';
}

/** `parts`: the fragment's path segments, decoded; null when they name no chain page. */
export function parseChainRoute(parts: string[], _params: URLSearchParams): ChainRoute | null {
  if (parts[0] === 'chain' && parts[1] && parts[2] === 'tx' && parts[3]) return { page: 'chain-tx', chain: parts[1], txHash: parts[3] };
  return null;
}

export function chainHref(route: ChainRoute): string {
  return `#/chain/${encodeURIComponent(route.chain)}/tx/${encodeURIComponent(route.txHash)}`;
}
