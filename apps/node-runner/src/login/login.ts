import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromSeed } from '@nats-io/nkeys';
import { signOperatorChallenge } from '@corex/node-protocol';
import { IDENTITY_FILE } from '../identity/node-identity';
import { exitCodes, type CliResult } from '../join/join-output';

export const LOGIN_USAGE = `usage: node-runner login [--api URL] [--home DIR] [--json]

  Signs the operator in to the node dashboard with the node's own key (no password exists): asks the
  marketplace for a challenge, signs it with the identity in the home, exchanges it for a session and
  prints the sign-in link. The link holds the session token: open it yourself, share it with no one.
  --api   the marketplace (default: $COREX_API_URL, else http://127.0.0.1:3000)`;

export interface LoginOptions {
  apiUrl: string;
  home: string;
  json: boolean;
}

export interface LoginResult {
  nodeId: string;
  link: string;
  token: string;
  expiresAt: string;
}

class LoginError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = exitCodes.failed,
  ) {
    super(message);
  }
}

/** Challenge, signature, session: the three steps of docs/operator-api.md "Sign-in". */
export async function login(o: LoginOptions): Promise<LoginResult> {
  const { nodeId, seed } = await identityOf(o.home);
  const base = o.apiUrl.replace(/\/+$/, '');
  const { challenge } = await post(base, '/v1/operator/challenges', { nodeId });
  const signature = signOperatorChallenge(nodeId, challenge, seed);
  const session = await post(base, '/v1/operator/sessions', { nodeId, challenge, signature });
  return { nodeId, token: session.token, expiresAt: session.expiresAt, link: `${base}/dashboard/#/signin?token=${encodeURIComponent(session.token)}` };
}

export async function runLogin(o: LoginOptions): Promise<CliResult> {
  try {
    const result = await login(o);
    if (o.json) return { exitCode: exitCodes.ok, stdout: JSON.stringify({ ok: true, ...result }) };
    return { exitCode: exitCodes.ok, stdout: `node ${result.nodeId} signed in until ${result.expiresAt}; open the dashboard:\n${result.link}` };
  } catch (err) {
    const { code, message, exitCode } = err instanceof LoginError ? err : new LoginError('LOGIN.FAILED', (err as Error).message);
    if (o.json) return { exitCode, stdout: JSON.stringify({ ok: false, code, message }) };
    return { exitCode, stderr: `node-runner login: ${message} (${code})` };
  }
}

async function post(base: string, route: string, body: object): Promise<Record<string, string>> {
  const res = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch((err: Error) => {
    throw new LoginError('LOGIN.MARKETPLACE_UNREACHABLE', `cannot reach the marketplace at ${base}: ${err.message}`);
  });
  const answer = (await res.json().catch(() => ({}))) as Record<string, string>;
  if (res.ok) return answer;
  throw new LoginError(answer.code ?? 'LOGIN.REFUSED', `the marketplace refused ${route}: ${answer.detail ?? res.status}`, exitCodes.refused);
}

async function identityOf(home: string): Promise<{ nodeId: string; seed: string }> {
  const file = path.join(home, IDENTITY_FILE);
  const seed = await readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => {
      throw new LoginError('LOGIN.NO_NODE', `no node identity at ${file}: run \`node-runner join\` first`);
    },
  );
  try {
    const key = fromSeed(new TextEncoder().encode(seed));
    const nodeId = key.getPublicKey();
    key.clear();
    return { nodeId, seed };
  } catch {
    throw new LoginError('LOGIN.NO_NODE', `${file} does not hold a node identity`);
  }
}
