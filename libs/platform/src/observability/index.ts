export * from './service-ops';
export * from './probes';
export * from './ops-server';
