import { createAccount, createUser, decode, type Account, type SigningKey, type User } from '@nats-io/jwt';
import { generateNatsAuth, type GeneratedNatsAuth } from './generate';
import { NodeUserIssuer } from './node-user-issuer';

const seedOf = (kp: { getSeed(): Uint8Array }) => new TextDecoder().decode(kp.getSeed());

describe('NodeUserIssuer', () => {
  const node = createUser().getPublicKey();
  const DAY = 24 * 3600 * 1000;
  let auth: GeneratedNatsAuth;
  let issuer: NodeUserIssuer;
  const keysWith = (signingSeed: string, account = auth.account.publicKey) => ({ account, signingSeed, accountJwt: auth.account.jwt });

  beforeAll(async () => {
    auth = await generateNatsAuth({ prefix: 'corex' });
    issuer = new NodeUserIssuer(keysWith(auth.account.nodeSigningSeed), 'corex', DAY);
  });

  it('issues a user whose subject is the node id, signed by the node signing key for the account, expiring after the ttl', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const { jwt, expiresAt } = await issuer.issue(node, now);
    const claims = decode<User>(jwt);
    expect(claims.sub).toBe(node);
    expect(claims.iss).toBe(auth.account.nodeSigningPublicKey);
    expect(claims.nats.issuer_account).toBe(auth.account.publicKey);
    expect(claims.exp).toBe(now.getTime() / 1000 + 24 * 3600);
    expect(expiresAt.toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });

  it("issues users that claim no permissions: the scoped key's template gives them", async () => {
    const claims = decode<User>((await issuer.issue(node)).jwt);
    expect(claims.nats.pub).toBeUndefined();
    expect(claims.nats.sub).toBeUndefined();
    expect(claims.nats.bearer_token).toBeFalsy();
  });

  it("puts exactly the node permissions into the account's scoped node signing key", async () => {
    const keys = decode<Account>(auth.account.jwt).nats.signing_keys ?? [];
    expect(keys).toContain(auth.account.signingPublicKey);
    const scoped = keys.find((k): k is SigningKey => typeof k !== 'string' && k.key === auth.account.nodeSigningPublicKey);
    expect(scoped?.kind).toBe('user_scope');
    expect(scoped?.template.pub?.allow).toEqual([
      'corex.node.v1.register',
      'corex.node.v1.work',
      'corex.node.v1.commit',
      'corex.node.v1.result',
      'corex.node.v1.release',
      'corex.node.v1.heartbeat',
      'corex.node.v1.leave',
      'corex.node.v1.bind-payout',
      'corex.node.v1.set-payout-route',
      'corex.node.v1.challenge',
      'corex.node.v1.challenge-result',
      'corex.node.v1.private-dataset',
      '$JS.API.DIRECT.GET.OBJ_corex-tasks.$O.corex-tasks.M.*',
      '$JS.API.DIRECT.GET.OBJ_corex-tasks.$O.corex-tasks.C.*',
      'corex.upload.{{subject()}}.>',
    ]);
    expect(scoped?.template.sub?.allow).toEqual(['_INBOX.{{subject()}}.>']);
  });

  it('issues a fresh user on every join, expiring a ttl after that join', async () => {
    const first = await issuer.issue(node, new Date('2026-11-29T12:00:00Z'));
    const later = await issuer.issue(node, new Date('2026-11-29T18:00:00Z'));
    expect(decode(later.jwt).exp! - decode(first.jwt).exp!).toBe(6 * 3600);
  });

  it('refuses keys that cannot issue node users, above all an unscoped signing key (its users could do anything)', () => {
    expect(() => new NodeUserIssuer(keysWith(auth.account.signingSeed), 'corex', DAY)).toThrow(/not a scoped node signing key/);
    expect(() => new NodeUserIssuer(keysWith(seedOf(createAccount())), 'corex', DAY)).toThrow(/not a scoped node signing key/);
    expect(() => new NodeUserIssuer(keysWith(auth.account.nodeSigningSeed, node), 'corex', DAY)).toThrow(/account/);
    expect(() => new NodeUserIssuer(keysWith('SAnotaseed'), 'corex', DAY)).toThrow();
  });
});
