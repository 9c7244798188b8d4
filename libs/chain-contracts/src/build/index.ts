export * from './compile';
export * from './bindings';
