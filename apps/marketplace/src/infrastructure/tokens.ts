/** Injection tokens for the infrastructure handed to the Nest module at start-up. */
export const EVENT_LOG = Symbol('EVENT_LOG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const PROJECTORS = Symbol('PROJECTORS');
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const CATALOG = Symbol('CATALOG');
export const METRICS = Symbol('METRICS');
export const CLOCK = Symbol('CLOCK');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const SSE_SLOTS = Symbol('SSE_SLOTS');

export type Clock = () => Date;
