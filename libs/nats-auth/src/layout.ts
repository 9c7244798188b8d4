import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedNatsAuth } from './generate';
import type { NodeIssuerKeys } from './node-user-issuer';

/**
 * Where a deployment's NATS auth lives under its directory (never committed; `.corex/nats/`
 * locally, a volume under docker compose). `server/` is what nats-server reads (no secrets);
 * `creds/` and `keys/` are secrets, mode 0600.
 */
export function natsAuthPaths(dir: string) {
  return {
    serverDir: path.join(dir, 'server'),
    /** The shipped deploy/nats/nats.conf, copied beside the generated auth.conf it includes. */
    serverConfig: path.join(dir, 'server', 'nats.conf'),
    authConfig: path.join(dir, 'server', 'auth.conf'),
    creds: (user: string) => path.join(dir, 'creds', `${user}.creds`),
    /** The account's scoped node signing key, with which the scheduler issues node users (and nothing else). */
    nodeIssuer: path.join(dir, 'keys', 'node-issuer.json'),
    keys: path.join(dir, 'keys'),
  };
}

/** Writes the generated auth under `dir`, with `shippedConfig` (deploy/nats/nats.conf) copied into `server/`. */
export async function writeNatsAuth(dir: string, auth: GeneratedNatsAuth, shippedConfig: string): Promise<void> {
  const p = natsAuthPaths(dir);
  await mkdir(p.serverDir, { recursive: true });
  await mkdir(path.dirname(p.creds('x')), { recursive: true, mode: 0o700 });
  await mkdir(p.keys, { recursive: true, mode: 0o700 });
  await copyFile(shippedConfig, p.serverConfig);
  await writeFile(p.authConfig, auth.serverConfig);
  const secret = async (file: string, text: string) => {
    await writeFile(file, text, { mode: 0o600 });
    await chmod(file, 0o600);
  };
  for (const [user, creds] of Object.entries(auth.creds)) await secret(p.creds(user), creds);
  await secret(path.join(p.keys, 'operator.nk'), `${auth.operator.seed}\n`);
  await secret(path.join(p.keys, 'system.nk'), `${auth.system.seed}\n`);
  await secret(path.join(p.keys, 'account.nk'), `${auth.account.seed}\n`);
  await secret(path.join(p.keys, 'account-signing.nk'), `${auth.account.signingSeed}\n`);
  const issuer: NodeIssuerKeys = { account: auth.account.publicKey, signingSeed: auth.account.nodeSigningSeed, accountJwt: auth.account.jwt };
  await secret(p.nodeIssuer, `${JSON.stringify(issuer, null, 2)}\n`);
}
