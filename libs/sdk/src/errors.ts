import { CorexError } from '@corex/platform';

/** Stable codes of {@link SdkError}: match on `error.code`, never on the message. */
export type SdkErrorCode =
  /** The chain is not one of ethereum, bsc, arbitrum, solana, or the client was not given its addresses. */
  | 'SDK.UNKNOWN_CHAIN'
  /** The signer is connected to another chain than the one named. */
  | 'SDK.WRONG_NETWORK'
  /** The spec is empty, not JSON-serialisable, or longer than 4096 UTF-8 bytes. */
  | 'SDK.INVALID_SPEC'
  /** The escrow is not positive, or (Solana) not a whole number of 9-decimal CXT units. */
  | 'SDK.INVALID_ESCROW'
  /** The signer holds less of the escrow token than the escrow. */
  | 'SDK.INSUFFICIENT_BALANCE'
  /** The portal may not pull the escrow and `approve: false` forbids approving it. */
  | 'SDK.INSUFFICIENT_ALLOWANCE'
  /** A transaction was mined or landed with an error. */
  | 'SDK.TX_FAILED'
  /** No task with this id on the chain. */
  | 'SDK.UNKNOWN_TASK'
  /** The task has no result yet (or ended without one). */
  | 'SDK.NO_RESULT'
  /** The bridge served a result document whose hash is not the one recorded on the origin chain. */
  | 'SDK.RESULT_MISMATCH'
  /** The bridge refused the spec upload. */
  | 'SDK.SPEC_REJECTED'
  /** The bridge or the marketplace could not be reached or answered an unexpected status. */
  | 'SDK.BRIDGE_UNAVAILABLE'
  /** The task reached a final status from which the awaited one can no longer come. */
  | 'SDK.STATUS_UNREACHABLE'
  /** The awaited status did not come in time. */
  | 'SDK.TIMEOUT'
  /** The caller aborted the wait. */
  | 'SDK.ABORTED';

const STATUS_OF: Record<SdkErrorCode, number> = {
  'SDK.UNKNOWN_CHAIN': 400,
  'SDK.WRONG_NETWORK': 400,
  'SDK.INVALID_SPEC': 400,
  'SDK.INVALID_ESCROW': 400,
  'SDK.INSUFFICIENT_BALANCE': 402,
  'SDK.INSUFFICIENT_ALLOWANCE': 402,
  'SDK.TX_FAILED': 422,
  'SDK.UNKNOWN_TASK': 404,
  'SDK.NO_RESULT': 404,
  'SDK.RESULT_MISMATCH': 502,
  'SDK.SPEC_REJECTED': 422,
  'SDK.BRIDGE_UNAVAILABLE': 503,
  'SDK.STATUS_UNREACHABLE': 409,
  'SDK.TIMEOUT': 504,
  'SDK.ABORTED': 499,
};

/**
 * Every failure the SDK raises on purpose: a {@link CorexError} with a stable `code` (`SDK.*`), a message for humans and
 * `details` for programs (e.g. the task view a wait ended on).
 */
export class SdkError extends CorexError {
  declare readonly code: SdkErrorCode;
  readonly status: number;
  constructor(code: SdkErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = STATUS_OF[code];
  }
}

/** True when `error` is an {@link SdkError}, optionally with the given code. */
export function isSdkError(error: unknown, code?: SdkErrorCode): error is SdkError {
  return error instanceof SdkError && (code === undefined || error.code === code);
}
