/** Injection tokens for values that are not classes. */
export const REPUTATION_CONFIG = Symbol('REPUTATION_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_LOG = Symbol('EVENT_LOG');
