import type { SetupOutput } from '../wire/results';
import type { SetupInput } from './types';

/**
 * Setup phase (once per job): makes a fresh X25519 masking key, splits its private half
 * t-of-n with Shamir and seals one share to every member (self included) under the
 * members' long-term encryption keys. Keep `maskingPrivateKey` for the job's rounds.
 */
export function runSetup(input: SetupInput): { output: SetupOutput; maskingPrivateKey: string } {
  void input;
  throw new Error('runSetup: not implemented yet');
}
