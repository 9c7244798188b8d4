/** Stable codes of the secure-aggregation errors (mapped to problem codes at the edges). */
export type SecaggErrorCode =
  | 'SECAGG.MALFORMED'
  | 'SECAGG.REFUSED'
  | 'SECAGG.OVERFLOW'
  | 'SECAGG.QUORUM_LOST'
  | 'SECAGG.DECRYPTION_FAILED'
  | 'SECAGG.INCONSISTENT';

/** Base of every error this library throws on purpose; `code` is stable. */
export class SecaggError extends Error {
  constructor(
    readonly code: SecaggErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A document or argument does not have the protocol's shape. */
export class SecaggMalformed extends SecaggError {
  constructor(message: string) {
    super('SECAGG.MALFORMED', message);
  }
}

/**
 * A member refuses a request that would let the coordinator learn an individual update,
 * e.g. revealing both the self-mask share and the masking-key share of one node.
 */
export class SecaggRefusal extends SecaggError {
  constructor(message: string) {
    super('SECAGG.REFUSED', message);
  }
}

/** The quantized vector could overflow the 32-bit ring once summed over the members. */
export class SecaggOverflow extends SecaggError {
  constructor(message: string) {
    super('SECAGG.OVERFLOW', message);
  }
}

/** Fewer than `threshold` members took part: the round cannot be unmasked. */
export class SecaggQuorumLost extends SecaggError {
  constructor(message: string) {
    super('SECAGG.QUORUM_LOST', message);
  }
}

/** A ciphertext did not authenticate (wrong key, wrong context or tampered). */
export class SecaggDecryptionFailed extends SecaggError {
  constructor(message: string) {
    super('SECAGG.DECRYPTION_FAILED', message);
  }
}

/** Revealed shares disagree with each other: some member sent a wrong share. */
export class SecaggInconsistent extends SecaggError {
  constructor(message: string) {
    super('SECAGG.INCONSISTENT', message);
  }
}
