/**
 * The one error hierarchy. Each error carries a stable code (e.g. `JOB.BUDGET_INVALID`) and
 * the HTTP status it maps to at the edge; domain code never speaks HTTP itself.
 */
export abstract class CorexError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends CorexError {
  readonly status = 400;
}
export class UnauthorizedError extends CorexError {
  readonly status = 401;
}
export class ForbiddenError extends CorexError {
  readonly status = 403;
}
export class NotFoundError extends CorexError {
  readonly status = 404;
}
export class IllegalStateError extends CorexError {
  readonly status = 409;
}
export class ConcurrencyError extends CorexError {
  readonly status = 412;
}
export class UnprocessableError extends CorexError {
  readonly status = 422;
}
/** The account's funds do not cover what the request would cost (402 Payment Required). */
export class PaymentRequiredError extends CorexError {
  readonly status = 402;
}
