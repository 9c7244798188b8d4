export * from './node.events';
export * from './node.state';
export * from './register-node';
