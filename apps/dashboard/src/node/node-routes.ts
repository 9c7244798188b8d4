/** The node operator's dashboard pages (sign-in with the node's key), addressed by the URL's fragment under `#/node`. */
export type NodeRoute =
  | { page: 'node' }
  | { page: 'node-fragments' }
  | { page: 'node-fragment'; fragmentId: string }
  | { page: 'node-payouts' }
  | { page: 'node-reconciliation' }
  | { page: 'node-history' };

const NODE_PAGES: ReadonlySet<string> = new Set<NodeRoute['page']>(['node', 'node-fragments', 'node-fragment', 'node-payouts', 'node-reconciliation', 'node-history']);

export function isNodeRoute(route: { page: string }): route is NodeRoute {
  return NODE_PAGES.has(route.page);
}

const SECTIONS = { payouts: 'node-payouts', reconciliation: 'node-reconciliation', history: 'node-history' } as const;

/** `parts`: the fragment's path segments, decoded; null when they name no node page. */
export function parseNodeRoute(parts: string[], _params: URLSearchParams): NodeRoute | null {
  if (parts[0] !== 'node') return null;
  const [, section, id] = parts;
  if (section === 'fragments') return id ? { page: 'node-fragment', fragmentId: id } : { page: 'node-fragments' };
  if (section && Object.hasOwn(SECTIONS, section)) return { page: SECTIONS[section as keyof typeof SECTIONS] };
  return { page: 'node' };
}

export function nodeHref(route: NodeRoute): string {
  switch (route.page) {
    case 'node':
      return '#/node';
    case 'node-fragments':
      return '#/node/fragments';
    case 'node-fragment':
      return `#/node/fragments/${encodeURIComponent(route.fragmentId)}`;
    case 'node-payouts':
      return '#/node/payouts';
    case 'node-reconciliation':
      return '#/node/reconciliation';
    case 'node-history':
      return '#/node/history';
  }
}
