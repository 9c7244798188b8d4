export * from './connection';
export * from './errors';
export * from './streams';
export * from './event-store';
export * from './durable-consumer';
export * from './blob-store';
export * from './stream-publisher';
export * from './open';
