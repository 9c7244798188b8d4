import { signEd25519, verifyEd25519 } from './ed25519';
import { signedBytes } from './signing';

/** Kind of the bytes a node signs to sign its operator in to the dashboard (docs/operator-api.md). */
export const OPERATOR_LOGIN_KIND = 'operator-login';

/**
 * `corex-node-v1\noperator-login\n{"challenge":…,"nodeId":…}`: the protocol's signed bytes, so a
 * sign-in signature can never pass for any other node message, nor another node's.
 */
export function operatorLoginBytes(nodeId: string, challenge: string): Uint8Array {
  return signedBytes(OPERATOR_LOGIN_KIND, { challenge, nodeId });
}

/** The node's answer to a sign-in challenge: its ed25519 signature, base64url. */
export function signOperatorChallenge(nodeId: string, challenge: string, seed: string): string {
  return Buffer.from(signEd25519(seed, operatorLoginBytes(nodeId, challenge))).toString('base64url');
}

/** Whether `signature` (base64url) is nodeId's signature of the challenge; never throws. */
export function verifyOperatorChallenge(nodeId: string, challenge: string, signature: string): boolean {
  try {
    const bytes = Buffer.from(signature, 'base64url');
    return bytes.length === 64 && verifyEd25519(nodeId, operatorLoginBytes(nodeId, challenge), bytes);
  } catch {
    return false;
  }
}
