export * from './generated';
export { loadArtifacts, compileContracts, sourcesHash, type Artifacts, type ContractArtifact, type CompileOptions } from './build/compile';
export * from './deploy';
export * from './ids';
export { loadWormholeArtifacts, WORMHOLE_SDK_PACKAGE, WORMHOLE_SDK_VERSION, type WormholeArtifacts } from './build/wormhole';
export * from './wormhole-core';
export * from './bridge-deploy';
