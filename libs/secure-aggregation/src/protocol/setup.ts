import { seal } from '../crypto/aead';
import { shamirSplit, shareToBytes } from '../crypto/shamir';
import { generateX25519 } from '../crypto/x25519';
import { SECAGG_PROTOCOL } from '../params';
import { toBase64url } from '../wire/base64url';
import type { SetupOutput } from '../wire/results';
import { Roster } from './roster';
import type { SetupInput } from './types';

/**
 * Setup phase (once per job): makes a fresh X25519 masking key, splits its private half
 * t-of-n with Shamir and seals one share to every member (self included) under the
 * members' long-term encryption keys. Keep `maskingPrivateKey` for the job's rounds.
 */
export function runSetup(input: SetupInput): { output: SetupOutput; maskingPrivateKey: string } {
  const roster = new Roster(input.members, input.threshold);
  const from = input.self.nodeId;
  roster.checkOwnKey(from, input.self.encryptionPrivateKey, 'encryption');
  const masking = generateX25519();
  const shares = shamirSplit(Buffer.from(masking.privateKey, 'hex'), roster.xs(), input.threshold);
  const sealed: Record<string, string> = {};
  roster.members.forEach((m, i) => {
    const context = { purpose: 'setup' as const, jobId: input.jobId, round: 0, from, to: m.nodeId };
    sealed[m.nodeId] = toBase64url(seal(input.self.encryptionPrivateKey, m.encryptionKey, context, shareToBytes(shares[i])));
  });
  return {
    output: { protocol: SECAGG_PROTOCOL, phase: 'setup', nodeId: from, maskingKey: masking.publicKey, shares: sealed },
    maskingPrivateKey: masking.privateKey,
  };
}
