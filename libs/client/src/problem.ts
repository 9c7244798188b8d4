import type { components } from './generated/marketplace';

/** An RFC 9457 problem as the marketplace answers it: `code` is stable, act on it; `detail` is for people. */
export type Problem = components['schemas']['Problem'];

/** A call answered with a problem: its HTTP status, its stable `code`, and the whole problem document. */
export class CorexProblemError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = 'CorexProblemError';
    this.status = problem.status;
    this.code = problem.code;
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.title === 'string' && typeof v.detail === 'string';
}

/** The answer of an openapi-fetch call, whichever route: the success body, or the error body and the response. */
type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * The success body of a call, or a thrown CorexProblemError for a problem answer (a generic Error
 * for an error without a problem body, e.g. from a proxy in front of the marketplace).
 */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (isProblem(error)) throw new CorexProblemError(error);
  throw new Error(`${response.status} ${response.statusText} from ${response.url}: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
}
