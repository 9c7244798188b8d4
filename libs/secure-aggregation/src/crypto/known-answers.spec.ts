import { open } from './aead';
import { pairSeed, prg } from './prg';
import { x25519Agree, x25519PublicKey } from './x25519';

// RFC 7748 §6.1 (X25519 Diffie-Hellman test vector).
const ALICE = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a';
const BOB = '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb';

describe('known answers (a change here breaks every node and coordinator already deployed)', () => {
  it('X25519 public keys and agreement match RFC 7748', () => {
    expect(x25519PublicKey(ALICE)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(x25519PublicKey(BOB)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    expect(x25519Agree(ALICE, x25519PublicKey(BOB)).toString('hex')).toBe('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  });

  it('PRG is the AES-256-CTR keystream under a zero IV read as little-endian words (checked against openssl enc)', () => {
    const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(Array.from(prg(seed, 4))).toEqual([0xb60090f2, 0xd09f492a, 0x6a9af3a9, 0x80772edd]);
  });

  it('pairwise seeds and sealed shares keep their derivation (HKDF salt and info strings)', () => {
    expect(pairSeed(ALICE, x25519PublicKey(BOB), 'job-1', 1).toString('hex')).toBe('beca25d9cdafac9dd8ed61cedf4af72ce65cb1bfca9b8a31be0df664a89d9937');
    expect(pairSeed(BOB, x25519PublicKey(ALICE), 'job-1', 1).toString('hex')).toBe('beca25d9cdafac9dd8ed61cedf4af72ce65cb1bfca9b8a31be0df664a89d9937');
    const sealed = Buffer.from('wk3wXFSn6hHzYqP3RVRo5ydZd_OUoeyXkvwrlVbQOJQC5DWFgxSkk8mD9pv4WcmgOwc4UhkgrjTEtAyq7A', 'base64url');
    const context = { purpose: 'setup' as const, jobId: 'job-1', round: 0, from: 'A', to: 'B' };
    expect(open(BOB, x25519PublicKey(ALICE), context, sealed)).toEqual(Buffer.alloc(33, 5));
  });
});
