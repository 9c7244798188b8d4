export * from './compile';
export * from './bindings';
export * from './wormhole';
