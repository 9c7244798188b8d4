import { useCallback, useEffect, useState } from 'react';
import { hrefOf, parseRoute, type Route } from './routes';
import { clearSession, loadSession, saveSession, type Session } from './session';
import { SignIn } from './SignIn';
import { ChainArea } from './chain/ChainArea';
import { isChainRoute } from './chain/chain-routes';
import { ConsoleArea } from './console/ConsoleArea';
import { isNodeRoute } from './node/node-routes';
import { NodeArea } from './node/NodeArea';

function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, setRoute];
}

const home = (session: Session): Route => (session.kind === 'operator' ? { page: 'node' } : { page: 'jobs' });

export function App() {
  const [route, setRoute] = useRoute();
  const [session, setSession] = useState(() => loadSession(window.sessionStorage));

  const next = route.page === 'signin' ? route.next : undefined;
  const signIn = useCallback((signedIn: Session) => {
    const target = next ?? home(signedIn);
    saveSession(window.sessionStorage, signedIn);
    setSession(signedIn);
    // Replaces the sign-in link in history: the token does not stay in the address bar. Set
    // directly: replaceState fires no hashchange (and the link signs in before listeners exist).
    window.history.replaceState(null, '', hrefOf(target));
    setRoute(target);
  }, [setRoute, next]);
  const signOut = () => {
    clearSession(window.sessionStorage);
    setSession(null);
    window.location.hash = hrefOf({ page: 'signin', token: null });
  };

  const signedIn = session && route.page !== 'signin';
  return (
    <>
      <header className="top">
        <span className="brand">Corex</span>
        <nav aria-label="Main">
          {session?.kind === 'operator' && <a href={hrefOf({ page: 'node' })}>Node</a>}
          {session?.kind === 'customer' && <a href={hrefOf({ page: 'jobs' })}>Jobs</a>}
        </nav>
        {session && (
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      <main>
        {signedIn ? <Page route={route} session={session} /> : <SignIn linkToken={route.page === 'signin' ? route.token : null} onSignIn={signIn} />}
      </main>
    </>
  );
}

function Page({ route, session }: { route: Route; session: Session }) {
  if (route.page === 'signin') return null;
  if (isChainRoute(route)) return <ChainArea route={route} session={session} />;
  return isNodeRoute(route) ? <NodeArea route={route} session={session} /> : <ConsoleArea route={route} session={session} />;
}
