import { createAccount, createUser, decode, type User } from '@nats-io/jwt';
import { NodeUserIssuer } from './node-user-issuer';

const seedOf = (kp: { getSeed(): Uint8Array }) => new TextDecoder().decode(kp.getSeed());

describe('NodeUserIssuer', () => {
  const account = createAccount();
  const signing = createAccount();
  const node = createUser().getPublicKey();
  const issuer = new NodeUserIssuer({ account: account.getPublicKey(), signingSeed: seedOf(signing) }, 'corex', 24 * 3600 * 1000);

  it('issues a user whose subject is the node id, signed by the signing key for the account, expiring after the ttl', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const { jwt, expiresAt } = await issuer.issue(node, now);
    const claims = decode<User>(jwt);
    expect(claims.sub).toBe(node);
    expect(claims.iss).toBe(signing.getPublicKey());
    expect(claims.nats.issuer_account).toBe(account.getPublicKey());
    expect(claims.exp).toBe(now.getTime() / 1000 + 24 * 3600);
    expect(expiresAt.toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });

  it('grants exactly the node request subjects, blob reads by name, its own uploads and its own inbox', async () => {
    const claims = decode<User>((await issuer.issue(node)).jwt);
    expect(claims.nats.pub?.allow).toEqual([
      'corex.node.v1.register',
      'corex.node.v1.work',
      'corex.node.v1.result',
      'corex.node.v1.release',
      'corex.node.v1.heartbeat',
      'corex.node.v1.leave',
      '$JS.API.DIRECT.GET.OBJ_corex-blobs.$O.corex-blobs.M.*',
      '$JS.API.DIRECT.GET.OBJ_corex-blobs.$O.corex-blobs.C.*',
      `corex.upload.${node}.>`,
    ]);
    expect(claims.nats.sub?.allow).toEqual([`_INBOX.${node}.>`]);
    expect(claims.nats.bearer_token).toBeFalsy();
  });

  it('issues a fresh user on every join, expiring a ttl after that join', async () => {
    const first = await issuer.issue(node, new Date('2026-11-29T12:00:00Z'));
    const later = await issuer.issue(node, new Date('2026-11-29T18:00:00Z'));
    expect(decode(later.jwt).exp! - decode(first.jwt).exp!).toBe(6 * 3600);
  });

  it('refuses keys that cannot issue users', () => {
    expect(() => new NodeUserIssuer({ account: node, signingSeed: seedOf(signing) }, 'corex', 1000)).toThrow(/account/);
    expect(() => new NodeUserIssuer({ account: account.getPublicKey(), signingSeed: 'SAnotaseed' }, 'corex', 1000)).toThrow();
  });
});
