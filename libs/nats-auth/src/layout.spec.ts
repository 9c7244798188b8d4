import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUser, decode, type Account, type SigningKey } from '@nats-io/jwt';
import { generateNatsAuth } from './generate';
import { servicePermissions } from './permissions';
import { ensureSealingSecret, ensureServiceUsers, natsAuthPaths, refreshNodePermissions, writeNatsAuth } from './layout';
import { NodeUserIssuer } from './node-user-issuer';
import { nodePermissionsTemplate } from './permissions';

const SHIPPED = path.resolve(__dirname, '../../../deploy/nats/nats.conf');

describe('a deployment directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nats-auth-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('given fresh auth, then it holds a sealing secret of 32 random bytes, mode 0600, kept when ensured again', async () => {
    await writeNatsAuth(dir, await generateNatsAuth({ prefix: 'corex' }), SHIPPED);
    const file = natsAuthPaths(dir).sealingSecret;
    const first = await readFile(file, 'utf8');
    expect(first).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await ensureSealingSecret(dir)).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(first);
  });

  it('given auth generated without the staking user, when service users are ensured, then staking gets creds signed by the account signing key and the others stay', async () => {
    const auth = await generateNatsAuth({ prefix: 'corex', services: ['scheduler', 'marketplace'] });
    await writeNatsAuth(dir, auth, SHIPPED);
    const p = natsAuthPaths(dir);
    const scheduler = await readFile(p.creds('scheduler'), 'utf8');
    expect(await ensureServiceUsers(dir, 'corex', ['scheduler', 'marketplace', 'staking'])).toEqual(['staking']);
    const jwt = (await readFile(p.creds('staking'), 'utf8')).split('\n').find((l) => l.startsWith('eyJ'))!;
    const claims = decode<{ pub: { allow: string[] }; issuer_account: string }>(jwt);
    expect(claims.name).toBe('staking');
    expect(claims.iss).toBe(auth.account.signingPublicKey);
    expect(claims.nats.issuer_account).toBe(auth.account.publicKey);
    expect((await stat(p.creds('staking'))).mode & 0o777).toBe(0o600);
    expect(await readFile(p.creds('scheduler'), 'utf8')).toBe(scheduler);
    expect(await ensureServiceUsers(dir, 'corex', ['scheduler', 'marketplace', 'staking'])).toEqual([]);
  });

  it('given auth generated before the trust services, when service users are ensured, then verifier, reputation and the bridge get their scoped permissions for the deployment prefix', async () => {
    await writeNatsAuth(dir, await generateNatsAuth({ prefix: 'corex', services: ['scheduler', 'marketplace', 'admin', 'staking'] }), SHIPPED);
    expect(await ensureServiceUsers(dir, 'corex')).toEqual(['verifier', 'reputation', 'bridge']);
    const claimsOf = async (user: string) => {
      const jwt = (await readFile(natsAuthPaths(dir).creds(user), 'utf8')).split('\n').find((l) => l.startsWith('eyJ'))!;
      return decode<{ pub: { allow: string[] }; sub: { allow: string[] } }>(jwt).nats as { pub: { allow: string[] }; sub: { allow: string[] } };
    };
    expect(await claimsOf('verifier')).toMatchObject(servicePermissions('verifier', 'corex'));
    expect((await claimsOf('verifier')).pub.allow).toEqual(expect.arrayContaining(['corex.evt.verification.>', 'corex.evt.challenge.>']));
    expect((await claimsOf('reputation')).sub.allow).toContain('corex.node.v1.heartbeat');
    expect((await claimsOf('reputation')).pub.allow).not.toContain('>');
    expect((await claimsOf('bridge')).pub.allow).toEqual(expect.arrayContaining(['corex.evt.cross-chain-task.>', 'corex.evt.reward-transfer.>', '$O.corex-blobs.>']));
    expect((await claimsOf('bridge')).pub.allow).not.toContain('>');
  });

  it('given auth made with older node permissions, when refreshed, then the account JWT carries the current template and the scheduler can issue from it', async () => {
    // Stands for a deployment generated before the template changed: made for another prefix.
    const auth = await generateNatsAuth({ prefix: 'old' });
    await writeNatsAuth(dir, auth, SHIPPED);
    expect(await refreshNodePermissions(dir, 'corex')).toBe(true);
    const p = natsAuthPaths(dir);
    const issuerKeys = JSON.parse(await readFile(p.nodeIssuer, 'utf8')) as { account: string; accountJwt: string };
    const claims = decode<Account>(issuerKeys.accountJwt);
    expect(claims.sub).toBe(auth.account.publicKey);
    expect(claims.iss).toBe(auth.operator.publicKey);
    const scoped = (claims.nats.signing_keys ?? []).find((k): k is SigningKey => typeof k !== 'string');
    expect(scoped?.template).toEqual(nodePermissionsTemplate('corex'));
    expect(claims.nats.signing_keys).toContain(auth.account.signingPublicKey);
    const conf = await readFile(p.authConfig, 'utf8');
    expect(conf).toContain(issuerKeys.accountJwt);
    expect(conf).not.toContain(auth.account.jwt);
    await expect((await NodeUserIssuer.fromFile(p.nodeIssuer, 'corex', 60_000)).issue(createUser().getPublicKey())).resolves.toBeDefined();
    expect(await refreshNodePermissions(dir, 'corex')).toBe(false);
  });
});
