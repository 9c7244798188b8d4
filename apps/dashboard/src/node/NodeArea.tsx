import { useEffect, useState } from 'react';
import { followNode } from '@corex/client';
import { clientFor } from '../api';
import type { Session } from '../session';
import { afterEvent, INITIAL_VERSIONS } from './live-views';
import { NodeFragment } from './NodeFragment';
import { NodeFragments } from './NodeFragments';
import { NodeHistory } from './NodeHistory';
import { NodeNav } from './NodeNav';
import { NodeOverview } from './NodeOverview';
import { NodePayouts } from './NodePayouts';
import { NodeReconciliation } from './NodeReconciliation';
import type { NodeRoute } from './node-routes';
import { NodeLiveContext, type NodeLive } from './use-operator-view';
import './node.css';

/**
 * Follows the operator's event stream while signed in: each `changed` message moves on the
 * versions of the views it names, and the pages showing them reload those views, with no page reload.
 */
function useNodeLive(session: Session): NodeLive {
  const [state, setState] = useState<NodeLive>({ versions: INITIAL_VERSIONS, live: false });
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      try {
        for await (const event of followNode(clientFor(session), { signal: abort.signal })) {
          setState((s) => ({ live: true, versions: afterEvent(s.versions, event) }));
        }
      } catch {
        // The pages still load on their own; the banner says updates stopped.
      } finally {
        if (!abort.signal.aborted) setState((s) => ({ ...s, live: false }));
      }
    })();
    return () => abort.abort();
  }, [session]);
  return state;
}

/** The node operator's pages, under one sub-navigation and one live stream. */
export function NodeArea({ route, session }: { route: NodeRoute; session: Session }) {
  const live = useNodeLive(session);
  return (
    <NodeLiveContext.Provider value={live}>
      <div className="node-area">
        <NodeNav route={route} live={live.live} />
        <NodePage route={route} session={session} />
      </div>
    </NodeLiveContext.Provider>
  );
}

function NodePage({ route, session }: { route: NodeRoute; session: Session }) {
  switch (route.page) {
    case 'node':
      return <NodeOverview session={session} />;
    case 'node-fragments':
      return <NodeFragments session={session} />;
    case 'node-fragment':
      return <NodeFragment session={session} fragmentId={route.fragmentId} />;
    case 'node-payouts':
      return <NodePayouts session={session} />;
    case 'node-reconciliation':
      return <NodeReconciliation session={session} />;
    case 'node-history':
      return <NodeHistory session={session} />;
  }
}
