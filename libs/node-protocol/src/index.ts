export { canonicalJson, NonCanonicalValueError } from '@corex/platform';
export * from './error-codes';
export * from './schemas';
export * from './signing';
export * from './subjects';
export * from './verify';
export * from './register';
export type { NodeMessageRefusal } from './refusal';
