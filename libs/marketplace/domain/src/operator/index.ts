export * from './operator-sign-in';
export * from './lease-explanation';
export * from './reconciliation';
