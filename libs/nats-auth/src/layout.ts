import { randomBytes } from 'node:crypto';
import { access, chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decode, encodeAccount, fromSeed, type Account, type ClaimsData } from '@nats-io/jwt';
import { DEFAULT_SERVICE_USERS, serviceUserCreds, type GeneratedNatsAuth } from './generate';
import type { NodeIssuerKeys } from './node-user-issuer';
import { nodePermissionsTemplate } from './permissions';

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
    /** The scheduler's sealing secret (hex): each job's task-blob key derives from it (COREX_SEALING_SECRET_FILE). */
    sealingSecret: path.join(dir, 'keys', 'sealing.secret'),
    keys: path.join(dir, 'keys'),
  };
}

const writeSecret = async (file: string, text: string) => {
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
};

/** Writes a fresh sealing secret under `dir` unless there is one: schedulers of one network must share it. Returns true when it wrote one. */
export async function ensureSealingSecret(dir: string): Promise<boolean> {
  const p = natsAuthPaths(dir);
  if (await access(p.sealingSecret).then(() => true, () => false)) return false;
  await mkdir(p.keys, { recursive: true, mode: 0o700 });
  await writeSecret(p.sealingSecret, `${randomBytes(32).toString('hex')}\n`);
  return true;
}

/**
 * Adds the creds of service users an existing deployment lacks (a service added since it was
 * generated, e.g. `verifier`), signed with the account's signing key under `keys/`, with the
 * permissions of the deployment's `prefix`. Returns the users it added.
 */
export async function ensureServiceUsers(dir: string, prefix: string, services: readonly string[] = DEFAULT_SERVICE_USERS): Promise<string[]> {
  const p = natsAuthPaths(dir);
  const missing = [];
  for (const s of services) if (!(await access(p.creds(s)).then(() => true, () => false))) missing.push(s);
  if (missing.length === 0) return [];
  const issuer = JSON.parse(await readFile(p.nodeIssuer, 'utf8')) as NodeIssuerKeys;
  const signer = fromSeed(new TextEncoder().encode((await readFile(path.join(p.keys, 'account-signing.nk'), 'utf8')).trim()));
  for (const s of missing) await writeSecret(p.creds(s), await serviceUserCreds(s, issuer.account, signer, prefix));
  return missing;
}

/**
 * Brings an existing deployment's node permissions up to date: when the scoped node key's
 * template in the account JWT is not `nodePermissionsTemplate(prefix)` (the task bucket replaced
 * the blob bucket), re-signs the account JWT with the operator key under `keys/` and rewrites
 * `server/auth.conf` and `keys/node-issuer.json`. Keys, users and JetStream data stay as they are;
 * a running server picks it up on reload or restart. Returns true when it changed anything.
 */
export async function refreshNodePermissions(dir: string, prefix: string): Promise<boolean> {
  const p = natsAuthPaths(dir);
  const issuer = JSON.parse(await readFile(p.nodeIssuer, 'utf8')) as NodeIssuerKeys;
  const claims = decode<Account>(issuer.accountJwt) as ClaimsData<Account> & { name: string };
  const template = nodePermissionsTemplate(prefix);
  const keys = claims.nats.signing_keys ?? [];
  const stale = keys.some((k) => typeof k !== 'string' && k.kind === 'user_scope' && JSON.stringify(k.template) !== JSON.stringify(template));
  if (!stale) return false;
  const operator = fromSeed(new TextEncoder().encode((await readFile(path.join(p.keys, 'operator.nk'), 'utf8')).trim()));
  const signingKeys = keys.map((k) => (typeof k !== 'string' && k.kind === 'user_scope' ? { ...k, template } : k));
  const accountJwt = await encodeAccount(claims.name, claims.sub, { ...claims.nats, signing_keys: signingKeys }, { signer: operator });
  const auth = await readFile(p.authConfig, 'utf8');
  if (!auth.includes(issuer.accountJwt)) throw new Error(`${p.authConfig} does not hold the account JWT of ${p.nodeIssuer}: not refreshing`);
  await writeFile(p.authConfig, auth.replace(issuer.accountJwt, accountJwt));
  await writeSecret(p.nodeIssuer, `${JSON.stringify({ ...issuer, accountJwt }, null, 2)}\n`);
  return true;
}

/** Writes the generated auth under `dir`, with `shippedConfig` (deploy/nats/nats.conf) copied into `server/`. */
export async function writeNatsAuth(dir: string, auth: GeneratedNatsAuth, shippedConfig: string): Promise<void> {
  const p = natsAuthPaths(dir);
  await mkdir(p.serverDir, { recursive: true });
  await mkdir(path.dirname(p.creds('x')), { recursive: true, mode: 0o700 });
  await mkdir(p.keys, { recursive: true, mode: 0o700 });
  await copyFile(shippedConfig, p.serverConfig);
  await writeFile(p.authConfig, auth.serverConfig);
  const secret = writeSecret;
  for (const [user, creds] of Object.entries(auth.creds)) await secret(p.creds(user), creds);
  await secret(path.join(p.keys, 'operator.nk'), `${auth.operator.seed}\n`);
  await secret(path.join(p.keys, 'system.nk'), `${auth.system.seed}\n`);
  await secret(path.join(p.keys, 'account.nk'), `${auth.account.seed}\n`);
  await secret(path.join(p.keys, 'account-signing.nk'), `${auth.account.signingSeed}\n`);
  const issuer: NodeIssuerKeys = { account: auth.account.publicKey, signingSeed: auth.account.nodeSigningSeed, accountJwt: auth.account.jwt };
  await secret(p.nodeIssuer, `${JSON.stringify(issuer, null, 2)}\n`);
  await ensureSealingSecret(dir);
}
