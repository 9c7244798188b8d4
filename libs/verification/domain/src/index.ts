export * from './trust-policy';
export * from './evidence';
export * from './quote';
