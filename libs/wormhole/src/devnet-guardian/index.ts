export * from './guardian';
export * from './config';
export { CORE_EVENTS, type ObservedChain } from './observer';
