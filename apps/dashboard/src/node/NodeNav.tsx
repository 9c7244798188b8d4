import { nodeHref, type NodeRoute } from './node-routes';

const SECTIONS: { route: NodeRoute; label: string }[] = [
  { route: { page: 'node' }, label: 'Overview' },
  { route: { page: 'node-fragments' }, label: 'Fragments' },
  { route: { page: 'node-payouts' }, label: 'Payouts' },
  { route: { page: 'node-reconciliation' }, label: 'Reconciliation' },
  { route: { page: 'node-history' }, label: 'History' },
];

/** The node pages' sub-navigation; a fragment's page counts as under Fragments. And whether the live stream is open. */
export function NodeNav({ route, live }: { route: NodeRoute; live: boolean }) {
  const current = route.page === 'node-fragment' ? 'node-fragments' : route.page;
  return (
    <div className="node-nav">
      <nav aria-label="Node">
        <ul>
          {SECTIONS.map(({ route: target, label }) => (
            <li key={target.page}>
              <a href={nodeHref(target)} aria-current={target.page === current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="live" role="status" data-testid="node-live">
        {live ? 'Live: pages update as the node works' : 'Not live: reload to see changes'}
      </p>
    </div>
  );
}
