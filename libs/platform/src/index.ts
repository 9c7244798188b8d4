export * from './errors';
export * from './logger';
export * from './config';
export * from './ids';
export * from './decider-spec';
export * from './canonical-json';
export * from './lru-cache';
export * from './run-service';
