export * from './job.types';
export * from './catalog-view';
export * from './cxt-amount';
export * from './job.decider';
export * from './account.decider';
export * from './upload.decider';
export * from './upload-name.decider';
export * from './funds.decider';
