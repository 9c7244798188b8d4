export * from './projection';
export * from './batch';
export * from './projector';
export * from './checkpoint-store';
export * from './row-store';
export * from './data-source';
export * from './stuck';
export * from './applied-notices';
