import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../../accounts/api-keys';

const CHALLENGE_PREFIX = 'cxc_';
const SESSION_PREFIX = 'cxo_';

export const newChallenge = (): string => `${CHALLENGE_PREFIX}${randomBytes(32).toString('base64url')}`;

/** A new session token, 256 random bits, shown once; only its sha256 is stored (as API keys are). */
export function newSessionToken(): { token: string; hash: string } {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKey(token) };
}

export const hashSessionToken = hashApiKey;
