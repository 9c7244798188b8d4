import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@corex/platform';
import { jobSealingKey, openSealedBlob, SealedBlobError, sealBlob, sealedBlobName } from './sealing';

describe('sealed task blobs', () => {
  const secret = randomBytes(32);
  const plaintext = randomBytes(1000);
  const sha256 = sha256Hex(plaintext);

  it('given the same secret and job, when a second scheduler seals, then it derives the same key, name and bytes', () => {
    const a = jobSealingKey(secret, 'job-a');
    const again = jobSealingKey(Buffer.from(secret), 'job-a');
    expect(again.equals(a)).toBe(true);
    expect(sealedBlobName(again, sha256)).toBe(sealedBlobName(a, sha256));
    expect(Buffer.from(sealBlob(again, plaintext)).equals(Buffer.from(sealBlob(a, plaintext)))).toBe(true);
  });

  it('given two jobs with the same plaintext, then their sealed names and bytes differ', () => {
    const a = jobSealingKey(secret, 'job-a');
    const b = jobSealingKey(secret, 'job-b');
    expect(sealedBlobName(a, sha256)).not.toBe(sealedBlobName(b, sha256));
    expect(Buffer.from(sealBlob(a, plaintext)).equals(Buffer.from(sealBlob(b, plaintext)))).toBe(false);
  });

  it('given the job key, when opened, then the plaintext comes back verified', () => {
    const key = jobSealingKey(secret, 'job-a');
    const sealed = sealBlob(key, plaintext);
    expect(sealed.length).toBe(plaintext.length + 28);
    expect(Buffer.from(openSealedBlob(key, sha256, sealed)).equals(plaintext)).toBe(true);
  });

  it("given another job's key, when opened, then it is refused", () => {
    const sealed = sealBlob(jobSealingKey(secret, 'job-b'), plaintext);
    expect(() => openSealedBlob(jobSealingKey(secret, 'job-a'), sha256, sealed)).toThrow(SealedBlobError);
  });

  it('given one altered byte or another claimed hash, when opened, then it is refused', () => {
    const key = jobSealingKey(secret, 'job-a');
    const sealed = Buffer.from(sealBlob(key, plaintext));
    sealed[40] ^= 1;
    expect(() => openSealedBlob(key, sha256, sealed)).toThrow(SealedBlobError);
    expect(() => openSealedBlob(key, sha256Hex(randomBytes(4)), sealBlob(key, plaintext))).toThrow(SealedBlobError);
  });

  it('given an empty blob, then it seals to nonce and tag and opens to nothing', () => {
    const key = jobSealingKey(secret, 'job-a');
    const empty = new Uint8Array(0);
    expect(openSealedBlob(key, sha256Hex(empty), sealBlob(key, empty))).toEqual(new Uint8Array(0));
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => jobSealingKey(randomBytes(16), 'job-a')).toThrow(/at least 32 bytes/);
  });
});
