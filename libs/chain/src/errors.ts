import { CorexError, IllegalStateError } from '@corex/platform';

/** No chain is configured or it does not answer: callers answer 503 and may retry later. */
export class ChainUnavailableError extends CorexError {
  readonly status = 503;
}

/** The intent's transaction was mined and reverted (its nonce is used; it is never re-sent). */
export class ChainTxRevertedError extends IllegalStateError {
  constructor(intentId: string, hash: string) {
    super('CHAIN.TX_REVERTED', `transaction of intent ${intentId} reverted (${hash})`, { intentId, hash });
  }
}

/** The node refused the intent's transaction for good: its nonce was filled by a no-op transfer. */
export class ChainTxRejectedError extends IllegalStateError {
  constructor(intentId: string, reason: string) {
    super('CHAIN.TX_REJECTED', `transaction of intent ${intentId} was refused: ${reason}`, { intentId, reason });
  }
}
