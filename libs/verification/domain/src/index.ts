export * from './trust-policy';
export * from './evidence';
