/** Injection tokens for values that are not classes. */
export const SCHEDULER_CONFIG = Symbol('SCHEDULER_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_LOG = Symbol('EVENT_LOG');
export const SCHEDULER_RUNTIME = Symbol('SCHEDULER_RUNTIME');
/** The one bounded audit of refused node messages, shared by registration and the work protocol. */
export const REFUSAL_AUDIT = Symbol('REFUSAL_AUDIT');
/** The scheduler's /metrics and /health (SchedulerOps). */
export const SCHEDULER_OPS = Symbol('SCHEDULER_OPS');
