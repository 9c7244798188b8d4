/** Injection tokens for values that are not classes. */
export const STAKING_CONFIG = Symbol('STAKING_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_LOG = Symbol('EVENT_LOG');
/** The Postgres DataSource of the service (schemas `chain` and `staking`). */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The chain (deployment, provider, operator), or null when no chain is configured. */
export const CHAIN = Symbol('CHAIN');
/** The one nonce-managed signer of the operator key (NonceSigner), or null without a chain or key. */
export const NONCE_SIGNER = Symbol('NONCE_SIGNER');
