export * from './rules';
export * from './components';
export * from './tiers';
export * from './node-reputation';
export * from './reputation-book';
export * from './decide-reputation';
export * from './evolve-published';
