import { chainHref, isChainRoute, parseChainRoute, type ChainRoute } from './chain/chain-routes';
import { consoleHref, parseConsoleRoute, type ConsoleRoute } from './console/console-routes';
import { isNodeRoute, nodeHref, parseNodeRoute, type NodeRoute } from './node/node-routes';

/** The pages, addressed by the URL's fragment (`#/jobs/<id>`), so the server serves one index.html for all. */
export type Route =
  /** `next`: the page to open once signed in (a deep link), e.g. `jobs/<id>`. */
  | { page: 'signin'; token: string | null; next?: Route }
  | NodeRoute
  | ConsoleRoute
  | ChainRoute;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'signin') {
    const next = params.get('next') ? parseRoute(`#/${params.get('next')}`) : null;
    return { page: 'signin', token: params.get('token'), ...(next && next.page !== 'signin' && { next }) };
  }
  return parseNodeRoute(parts, params) ?? parseChainRoute(parts, params) ?? parseConsoleRoute(parts, params) ?? { page: 'signin', token: null };
}

export function hrefOf(route: Route): string {
  if (route.page === 'signin') return route.token ? `#/signin?token=${encodeURIComponent(route.token)}` : '#/signin';
  if (isChainRoute(route)) return chainHref(route);
  return isNodeRoute(route) ? nodeHref(route) : consoleHref(route);
}
