export * from './permissions';
export * from './generate';
export * from './node-user-issuer';
export * from './layout';
