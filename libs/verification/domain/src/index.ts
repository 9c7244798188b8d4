export * from './trust-policy';
export * from './evidence';
export * from './tolerances';
export * from './spot-check';
export * from './verdicts';
export * from './group-checks';
export * from './quote';
