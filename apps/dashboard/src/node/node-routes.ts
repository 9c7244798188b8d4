/** The node operator's dashboard pages (sign-in with the node's key), addressed by the URL's fragment under `#/node`. */
export type NodeRoute = { page: 'node' };

const NODE_PAGES: ReadonlySet<string> = new Set<NodeRoute['page']>(['node']);

export function isNodeRoute(route: { page: string }): route is NodeRoute {
  return NODE_PAGES.has(route.page);
}

/** `parts`: the fragment's path segments, decoded; null when they name no node page. */
export function parseNodeRoute(parts: string[], _params: URLSearchParams): NodeRoute | null {
  if (parts[0] === 'node') return { page: 'node' };
  return null;
}

export function nodeHref(route: NodeRoute): string {
  switch (route.page) {
    case 'node':
      return '#/node';
  }
}
