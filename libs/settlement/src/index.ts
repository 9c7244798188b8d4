export * from './ids';
export * from './reward';
export * from './trees';
export * from './state';
export * from './evolve';
export * from './decide';
export * from './versions';
