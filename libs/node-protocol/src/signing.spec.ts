import { createPublicKey, verify } from 'node:crypto';
import { createAccount, createUser } from '@nats-io/nkeys';
import { nodeErrorCodes } from './error-codes';
import { newNonce, signedBytes, signNodeMessage } from './signing';
import { nonceSchema } from './schemas';
import { nodeSubjects } from './subjects';
import { verifyNodeMessage } from './verify';

const now = new Date('2025-01-01T12:00:00.000Z');

function newIdentity(): { seed: string; nodeId: string } {
  const key = createUser();
  return { seed: new TextDecoder().decode(key.getSeed()), nodeId: key.getPublicKey() };
}

function body(nodeId: string, issuedAt = now.toISOString()) {
  return { nodeId, issuedAt, nonce: newNonce(), gflops: 12.5, tags: ['a', 'b'] };
}

/** The message as a receiver sees it: serialised and parsed again. */
function overTheWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('signed node messages', () => {
  const node = newIdentity();

  it('verifies a message signed by the node named in its body', () => {
    const signed = overTheWire(signNodeMessage('register', body(node.nodeId), node.seed));
    const result = verifyNodeMessage(signed, { now, expectedKind: 'register' });
    expect(result).toMatchObject({ ok: true, nodeId: node.nodeId, kind: 'register' });
    expect(result.ok && result.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a body tampered with after signing', () => {
    const signed = overTheWire(signNodeMessage('register', body(node.nodeId), node.seed));
    signed.body.gflops = 9000;
    expect(verifyNodeMessage(signed, { now })).toMatchObject({ ok: false, code: nodeErrorCodes.SIGNATURE_INVALID });
  });

  it('refuses a signature made by another key than the claimed node', () => {
    const attacker = newIdentity();
    const own = signNodeMessage('register', body(attacker.nodeId), attacker.seed);
    const forged = { ...own, body: { ...own.body, nodeId: node.nodeId } };
    const result = verifyNodeMessage(overTheWire(forged), { now });
    expect(result).toMatchObject({ ok: false, code: nodeErrorCodes.SIGNATURE_INVALID, claimedNodeId: node.nodeId });
  });

  it('refuses a message signed as one kind and presented as another', () => {
    const signed = signNodeMessage('register', body(node.nodeId), node.seed);
    const relabelled = overTheWire({ ...signed, kind: 'heartbeat' });
    expect(verifyNodeMessage(relabelled, { now })).toMatchObject({ code: nodeErrorCodes.SIGNATURE_INVALID });
    expect(verifyNodeMessage(relabelled, { now, expectedKind: 'register' })).toMatchObject({ code: nodeErrorCodes.MALFORMED });
  });

  it('refuses a second, non-canonical encoding of a valid signature', () => {
    const signed = overTheWire(signNodeMessage('register', body(node.nodeId), node.seed));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 86 characters carries 2 bits of the signature and 4 unused bits: flip an unused one.
    const last = alphabet[alphabet.indexOf(signed.signature.at(-1)!) ^ 1]!;
    const reencoded = signed.signature.slice(0, -1) + last;
    expect(Buffer.from(reencoded, 'base64url')).toEqual(Buffer.from(signed.signature, 'base64url'));
    const result = verifyNodeMessage({ ...signed, signature: reencoded }, { now });
    expect(result).toMatchObject({ ok: false, code: nodeErrorCodes.SIGNATURE_INVALID });
  });

  it.each([
    ['6 minutes old', -6],
    ['6 minutes in the future', 6],
  ])('refuses a message issued %s as stale', (_label, minutes) => {
    const issuedAt = new Date(now.getTime() + minutes * 60_000).toISOString();
    const signed = overTheWire(signNodeMessage('register', body(node.nodeId, issuedAt), node.seed));
    expect(verifyNodeMessage(signed, { now })).toMatchObject({ ok: false, code: nodeErrorCodes.STALE });
  });

  it('accepts a message issued 4 minutes ago', () => {
    const issuedAt = new Date(now.getTime() - 4 * 60_000).toISOString();
    const signed = overTheWire(signNodeMessage('register', body(node.nodeId, issuedAt), node.seed));
    expect(verifyNodeMessage(signed, { now }).ok).toBe(true);
  });

  it.each([
    ['garbage', 'not a message'],
    ['null', null],
    ['an unsigned body', { kind: 'register', body: body('U'.repeat(56)) }],
    [
      'a body without nonce',
      { kind: 'register', body: { nodeId: 'U'.repeat(56), issuedAt: now.toISOString() }, signature: 'A'.repeat(86) },
    ],
  ])('refuses %s as malformed', (_label, message) => {
    expect(verifyNodeMessage(message, { now })).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
  });

  it('refuses a nodeId that is an nkey but not a node (user) key', () => {
    const account = 'A' + node.nodeId.slice(1);
    const message = { kind: 'register', body: body(account), signature: 'A'.repeat(86) };
    // A changed prefix breaks the checksum: such a key is not an nkey at all.
    expect(verifyNodeMessage(message, { now })).toMatchObject({ code: nodeErrorCodes.MALFORMED });
    const realAccount = createAccount().getPublicKey();
    expect(verifyNodeMessage({ ...message, body: body(realAccount) }, { now })).toMatchObject({ code: nodeErrorCodes.ID_MISMATCH });
  });

  it('refuses to sign a body naming another node than the seed', () => {
    expect(() => signNodeMessage('register', body(newIdentity().nodeId), node.seed)).toThrow(/is not the signer/);
  });

  it('signs the documented bytes (golden fixture)', () => {
    const seed = 'SUACYOT77YGENILFA2JX2ZY6ZAMDE6KSJHMZCLFBRGRL7BCAX7RGD577CE';
    const nodeId = 'UCPJPSIT4U3HGCPSVQRH5ENMX6YPJDONM7ITFQR5Y25UBSHCMWWOLBMS';
    const fixed = { nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA', issuedAt: '2025-01-01T12:00:00.000Z', nodeId, n: 1 };
    expect(new TextDecoder().decode(signedBytes('register', fixed))).toBe(
      `corex-node-v1\nregister\n{"issuedAt":"2025-01-01T12:00:00.000Z","n":1,"nodeId":"${nodeId}","nonce":"AAAAAAAAAAAAAAAAAAAAAAAA"}`,
    );
    const { signature } = signNodeMessage('register', fixed, seed);
    expect(signature).toBe('X3wrHFdksPqw74GgNghRJyIN7e1DFyHRU7gcqFX4lFKcTU-xWYykLYQWaOUhkk24whnxVW4mtUvup3OYiQ8UAA');
    // Plain ed25519, so runners written in other languages can sign the same bytes.
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: rawKeyOf(nodeId) }, format: 'jwk' });
    expect(verify(null, signedBytes('register', fixed), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

/** The 32 key bytes inside a public nkey (base32: 1 prefix byte, 32 key bytes, 2 checksum bytes), as base64url. */
function rawKeyOf(nkey: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...nkey].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const bytes = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  return bytes.subarray(1, 33).toString('base64url');
}

describe('nodeSubjects', () => {
  it('puts the register subject under the prefix, corex by default', () => {
    expect(nodeSubjects().register).toBe('corex.node.v1.register');
    expect(nodeSubjects('t1').register).toBe('t1.node.v1.register');
    expect(() => nodeSubjects('a.b')).toThrow(/invalid subject prefix/);
  });
});

describe('newNonce', () => {
  it('never repeats across refills of its random pool and always fits the nonce schema', () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(nonceSchema.safeParse(nonce).success).toBe(true);
  });
});
