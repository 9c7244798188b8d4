import { createContext, useContext, useEffect, useState } from 'react';
import type { CorexClient, OperatorView } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import { INITIAL_VERSIONS, type ViewVersions } from './live-views';

/** What the node area's live stream knows: how often each view changed, and whether the stream is open. */
export interface NodeLive {
  versions: ViewVersions;
  live: boolean;
}

export const NodeLiveContext = createContext<NodeLive>({ versions: INITIAL_VERSIONS, live: false });

type Fetched<T> = { data?: T; error?: unknown; response: Response };

/**
 * One operator view, loaded when the page opens and again each time the live stream names it
 * changed (or `key`, e.g. a fragment id, differs). The last answer stays shown while the next one loads, so a live update does not flicker.
 */
export function useOperatorView<T>(session: Session, view: OperatorView, fetch: (client: CorexClient) => Promise<Fetched<T>>, key = ''): { data: T | null; error: string | null } {
  const version = useContext(NodeLiveContext).versions[view];
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    fetch(clientFor(session)).then(
      ({ data, error, response }) => current && setState((s) => (data !== undefined ? { data, error: null } : { data: s.data, error: describeError(error, response) })),
      (err: unknown) => current && setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err) })),
    );
    return () => {
      current = false;
    };
    // `fetch` is a new closure each render: the session, the view, its version and `key` decide when to load.
  }, [session, view, version, key]);
  return state;
}
