import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/marketplace';

export interface CorexClientOptions {
  /** Where the marketplace serves its API, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The account's API key; the operator's admin token for createAccount; none for the public routes (health, network). */
  apiKey?: string;
  /** A fetch of your own (a proxy agent, a test double); the global fetch otherwise. */
  fetch?: typeof globalThis.fetch;
}

/** Every marketplace route with its params, bodies and answers, as the served /openapi.json documents them. */
export type CorexClient = Client<paths>;

/**
 * A typed client of the marketplace: `client.GET('/v1/jobs/{id}', { params: { path: { id } } })`
 * answers `{ data }` (typed by the route's success body) or `{ error }` (its problem). `ok()`
 * turns the answer into the data or a thrown CorexProblemError.
 */
export function createCorexClient({ baseUrl, apiKey, fetch }: CorexClientOptions): CorexClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    ...(fetch && { fetch }),
  });
}
