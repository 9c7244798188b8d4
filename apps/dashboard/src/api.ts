import { createCorexClient, type CorexClient } from '@corex/client';
import type { Session } from './session';

/** The dashboard is served by the marketplace itself (/dashboard/), so the API is on the same origin. */
export function clientFor(session: Session): CorexClient {
  return createCorexClient({ baseUrl: window.location.origin, apiKey: session.token });
}

/** A problem's words for people (RFC 9457 detail and stable code), or the HTTP status. */
export function describeError(error: unknown, response: Response): string {
  if (error && typeof error === 'object' && 'detail' in error && 'code' in error) return `${String(error.detail)} (${String(error.code)})`;
  return `the marketplace answered ${response.status}`;
}
