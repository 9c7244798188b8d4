export * from './dev-keys';
export * from './errors';
export * from './provider';
export * from './schema';
export * from './nonce-signer';
export * from './event-follower';
export * from './deployment';
export * from './keys';
