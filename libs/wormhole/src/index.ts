export * from './vaa';
export * from './payloads';
export * from './verify';
export * from './client';
export * from './devnet-guardian';
