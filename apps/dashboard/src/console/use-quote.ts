import { useEffect, useState } from 'react';
import type { Schemas } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import type { SubmitJobBody } from './job-form';

const QUOTE_AFTER_MS = 300;

export type QuoteState = { state: 'idle' } | { state: 'asking' } | { state: 'quoted'; quote: Schemas['JobQuote']; for: string } | { state: 'refused'; problem: string };

/** The marketplace's quote (POST /v1/jobs/quote) of the body as the form now stands, asked again shortly after each change. */
export function useQuote(session: Session, body: SubmitJobBody | null): QuoteState {
  const [quote, setQuote] = useState<QuoteState>({ state: 'idle' });
  const asked = body ? JSON.stringify(body) : null;

  useEffect(() => {
    if (!asked) {
      setQuote({ state: 'idle' });
      return;
    }
    setQuote({ state: 'asking' });
    const abort = new AbortController();
    const timer = setTimeout(() => {
      clientFor(session)
        .POST('/v1/jobs/quote', { body: JSON.parse(asked) as SubmitJobBody, signal: abort.signal })
        .then(({ data, error, response }) => setQuote(data ? { state: 'quoted', quote: data, for: asked } : { state: 'refused', problem: describeError(error, response) }))
        .catch((err: unknown) => {
          if (!abort.signal.aborted) setQuote({ state: 'refused', problem: err instanceof Error ? err.message : String(err) });
        });
    }, QUOTE_AFTER_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [session, asked]);

  return quote;
}
