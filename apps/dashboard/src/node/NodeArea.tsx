import type { Session } from '../session';
import type { NodeRoute } from './node-routes';
import { NodeOverview } from './NodeOverview';

/** The node operator's pages. */
export function NodeArea({ route, session }: { route: NodeRoute; session: Session }) {
  switch (route.page) {
    case 'node':
      return <NodeOverview session={session} />;
  }
}
