/** Injection tokens for values that are not classes. */
export const VERIFIER_CONFIG = Symbol('VERIFIER_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_LOG = Symbol('EVENT_LOG');
/** The verifier's /metrics and /health (VerifierOps). */
export const VERIFIER_OPS = Symbol('VERIFIER_OPS');
