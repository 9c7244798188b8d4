import { CorexError } from '@corex/platform';

/** HTTP-only failures of the edge; domain errors come from @corex/platform. */
export class UnsupportedMediaTypeError extends CorexError {
  readonly status = 415;
}

export class PayloadTooLargeError extends CorexError {
  readonly status = 413;
}

/** Something the server depends on is missing or broken; the request may succeed later. */
export class ServiceUnavailableError extends CorexError {
  readonly status = 503;
}

/** The caller is over a rate or concurrency limit; `details.retryAfterSeconds` becomes Retry-After. */
export class TooManyRequestsError extends CorexError {
  readonly status = 429;
}
