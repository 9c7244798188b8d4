export * from './vaa';
