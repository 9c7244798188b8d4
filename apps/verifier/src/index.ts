export { startVerifier, type RunningVerifier } from './start-verifier';
export { verifierConfigSchema, type VerifierConfig } from './config';
