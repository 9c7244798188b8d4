import { open, seal, type SealContext } from './aead';
import { generateX25519, x25519Agree, x25519PublicKey } from './x25519';
import { SecaggDecryptionFailed, SecaggMalformed } from '../errors';

const alice = generateX25519();
const bob = generateX25519();
const context: SealContext = { purpose: 'setup', jobId: 'job-1', round: 0, from: 'ALICE', to: 'BOB' };
const plaintext = Buffer.from('a share of a masking key, 33 bytes');

describe('X25519 keys', () => {
  it('agree on one secret from both sides and derive the public half from the private one', () => {
    expect(x25519Agree(alice.privateKey, bob.publicKey)).toEqual(x25519Agree(bob.privateKey, alice.publicKey));
    expect(x25519PublicKey(alice.privateKey)).toBe(alice.publicKey);
  });

  it('refuse a low-order public key and malformed hex', () => {
    expect(() => x25519Agree(alice.privateKey, '00'.repeat(32))).toThrow();
    expect(() => x25519Agree(alice.privateKey, 'XYZ')).toThrow(SecaggMalformed);
  });
});

describe('sealed shares (AES-256-GCM under HKDF of X25519)', () => {
  it('open to the plaintext for the recipient', () => {
    const sealed = seal(alice.privateKey, bob.publicKey, context, plaintext);
    expect(sealed.length).toBe(12 + plaintext.length + 16);
    expect(open(bob.privateKey, alice.publicKey, context, sealed)).toEqual(plaintext);
  });

  it('refuse a flipped bit anywhere (IV, body, tag)', () => {
    const sealed = seal(alice.privateKey, bob.publicKey, context, plaintext);
    for (const at of [0, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] ^= 0x01;
      expect(() => open(bob.privateKey, alice.publicKey, context, tampered)).toThrow(SecaggDecryptionFailed);
    }
  });

  it('refuse another context (round, purpose, job, direction) and another key', () => {
    const sealed = seal(alice.privateKey, bob.publicKey, context, plaintext);
    const others: SealContext[] = [
      { ...context, round: 1 },
      { ...context, purpose: 'self' },
      { ...context, jobId: 'job-2' },
      { ...context, from: 'BOB', to: 'ALICE' },
    ];
    for (const other of others) expect(() => open(bob.privateKey, alice.publicKey, other, sealed)).toThrow(SecaggDecryptionFailed);
    const eve = generateX25519();
    expect(() => open(eve.privateKey, alice.publicKey, context, sealed)).toThrow(SecaggDecryptionFailed);
  });
});
