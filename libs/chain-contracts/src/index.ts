export * from './generated';
export { loadArtifacts, compileContracts, sourcesHash, type Artifacts, type ContractArtifact, type CompileOptions } from './build/compile';
export * from './deploy';
export * from './ids';
