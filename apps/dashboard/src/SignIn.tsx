import { useEffect, useState, type FormEvent } from 'react';
import { sessionFor, type Session } from './session';

/**
 * Operators arrive with the link `node-runner login` prints (`#/signin?token=cxo_…`) and are
 * signed in at once; customers paste their API key.
 */
export function SignIn({ linkToken, onSignIn }: { linkToken: string | null; onSignIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const session = linkToken ? sessionFor(linkToken) : null;
    if (session) onSignIn(session);
  }, [linkToken, onSignIn]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = sessionFor(key);
    if (!session) return setError('Enter your API key.');
    onSignIn(session);
  };

  return (
    <section aria-labelledby="signin-title" className="card narrow">
      <h1 id="signin-title">Sign in</h1>
      <p>
        Node operators: run <code>node-runner login</code> and open the link it prints. No password exists.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="api-key">Enterprise API key</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} aria-describedby={error ? 'signin-error' : undefined} />
        <button type="submit">Open the console</button>
        {error && (
          <p id="signin-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
