import { createHash, createPublicKey, verify } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { Base64UrlPaddedCodec } from '@nats-io/obj';
import { fromSeed } from '@nats-io/nkeys';
import { nodeErrorCodes } from './error-codes';
import { registerReplySchema } from './schemas';
import { signedBytes, signNodeMessage } from './signing';
import { nodeSubjects } from './subjects';
import { verifyRegisterRequest } from './register';
import { verifyBindPayout } from './payout';
import { verifySetPayoutRoute } from './payout-route';
import { verifyCommit, verifyHeartbeat, verifyLeave, verifyRelease, verifyResult, verifyWorkRequest } from './verify-work';
import { commitReplySchema, resultCommitment } from './commit-reveal';
import { resultReplySchema, workReplySchema } from './work-schemas';
import { jobSealingKey, openSealedBlob, sealBlob, sealedBlobName, SEALING_NONCE_BYTES } from './sealing';
import { bytesOfLines, hexLines, prettyJson } from '../../../test/support/golden-fixture';

/**
 * The golden fixtures of docs/node-protocol.md (docs/fixtures/node-protocol/), checked against the
 * code, and the document checked against the fixtures: every code block the document marks with
 * `<!-- fixture: <file> -->` must be that file, byte for byte, and every fixture must be shown.
 * `UPDATE_FIXTURES=1` rewrites the fixtures this spec owns (run the CXTM and CXW1 fixture specs
 * first: the messages name those blobs by hash).
 */
const DIR = path.resolve(__dirname, '../../../docs/fixtures/node-protocol');
const DOC = path.resolve(__dirname, '../../../docs/node-protocol.md');
const updating = process.env['UPDATE_FIXTURES'] === '1';

const seed = 'SUACYOT77YGENILFA2JX2ZY6ZAMDE6KSJHMZCLFBRGRL7BCAX7RGD577CE';
const nodeId = 'UCPJPSIT4U3HGCPSVQRH5ENMX6YPJDONM7ITFQR5Y25UBSHCMWWOLBMS';
const issuedAt = '2025-01-01T12:00:00.000Z';
const now = new Date(issuedAt);
const jobId = '0b6f2a1e-4c7d-4e8a-9f3b-2d5c8e1a7b90';
const fragmentId = `${jobId}-s0-f0`;
const leaseId = `${fragmentId}-a1`;

const blobHash = (file: string) => (JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { sha256: string }).sha256;
const inputHash = blobHash('tensor-map.json');
const resultHash = blobHash('result-map.json');
/** The fixtures' commitment salt: bytes 32, 33, …, 63 (a real one is random). */
const salt = Buffer.from(Array.from({ length: 32 }, (_, i) => 32 + i)).toString('hex');
const weightsHash = blobHash('weights.json');
/** Stands for an ONNX graph, which the fixtures do not hold. */
const graphHash = createHash('sha256').update('an ONNX graph').digest('hex');

/** The fixtures' scheduler sealing secret: bytes 0, 1, …, 31 (a real one is random). */
const sealingSecret = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const sealingKey = jobSealingKey(sealingSecret, jobId);
const sealing = {
  key: sealingKey.toString('base64'),
  blobs: Object.fromEntries([graphHash, weightsHash, inputHash].map((hash) => [hash, sealedBlobName(sealingKey, hash)])),
};
const tensorMapBytes = () => bytesOfLines((JSON.parse(readFileSync(path.join(DIR, 'tensor-map.json'), 'utf8')) as { bytes: string[] }).bytes);
const sealedInput = () => sealBlob(sealingKey, tensorMapBytes(), inputHash);

/** The input blob of the example task, sealed for its job as the scheduler stores it in the task bucket. */
function sealedBlobFixture() {
  const sealed = sealedInput();
  return {
    secretHex: sealingSecret.toString('hex'),
    jobId,
    key: sealing.key,
    sha256: inputHash,
    name: sealing.blobs[inputHash],
    nonce: Buffer.from(sealed.subarray(0, SEALING_NONCE_BYTES)).toString('hex'),
    aad: inputHash,
    sealedSha256: createHash('sha256').update(sealed).digest('hex'),
    bytes: hexLines(sealed),
  };
}

const hardware = {
  cpuModel: 'AMD EPYC 7B13',
  cpuCores: 8,
  memoryBytes: 34359738368,
  gpus: [{ name: 'NVIDIA L4', memoryBytes: 24152899584, driver: '550.54.15' }],
  executionProviders: ['cuda', 'cpu'],
  os: 'linux 6.1.0-18-amd64',
  arch: 'x64',
};
const benchmark = { kind: 'matmul-f32', size: 512, iterations: 200, durationMs: 512.5, gflops: (2 * 512 ** 3 * 200) / 0.5125 / 1e9, executionProvider: 'cuda' };

/** One signed message of every kind, with a distinct nonce each. */
const messages = {
  register: { kind: 'register', fields: { name: 'rig-1', hardware, benchmark, runnerVersion: '0.1.0' }, verify: verifyRegisterRequest },
  heartbeat: { kind: 'heartbeat', fields: { leaseIds: [leaseId], freeMemoryBytes: 4294967296, slots: 1 }, verify: verifyHeartbeat },
  'work-request': { kind: 'work-request', fields: { freeMemoryBytes: 8589934592, slots: 2 }, verify: verifyWorkRequest },
  result: {
    kind: 'result',
    fields: { fragmentId, leaseId, resultHash, salt, durationMs: 41.5, rowsProcessed: 2, metrics: { rows: 2 } },
    verify: verifyResult,
  },
  release: {
    kind: 'release',
    fields: { fragmentId, leaseId, reason: 'error', error: 'RUNNER.GRAPH_INPUT_UNFED: graph inputs mean have no feed' },
    verify: verifyRelease,
  },
  leave: { kind: 'leave', fields: { reason: 'shutdown' }, verify: verifyLeave },
  'bind-payout': {
    kind: 'bind-payout',
    fields: { payout: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', chainId: 31337, stakingPool: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' },
    verify: verifyBindPayout,
  },
  commit: { kind: 'commit', fields: { fragmentId, leaseId, commitment: resultCommitment(resultHash, nodeId, leaseId, salt) }, verify: verifyCommit },
  'set-payout-route': { kind: 'set-payout-route', fields: { chain: 'arbitrum', recipient: '0x90F79bf6EB2c4f870365E785982E1f101E93b906' }, verify: verifySetPayoutRoute },
} as const;

function signedFixture(name: keyof typeof messages, index: number) {
  const { kind, fields } = messages[name];
  const nonce = `AAAAAAAAAAAAAAAAAAAAAAA${index}`;
  const message = signNodeMessage(kind, { nodeId, issuedAt, nonce, ...fields }, seed);
  const bytes = signedBytes(kind, message.body);
  return { message, signedBytes: new TextDecoder().decode(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
}

const replies = {
  'register-reply': { ok: true, nodeId, status: 'registered' },
  'work-reply': {
    ok: true,
    assignments: [
      {
        fragmentId,
        jobId,
        leaseId,
        leaseExpiresAt: '2025-01-01T12:00:30.000Z',
        task: { kind: 'inference', graphHash, weightsHash, inputHash, inputRows: [1, 3], auxHash: null, outputs: ['probabilities'], rows: 2 },
        sealing,
      },
    ],
    retryAfterMs: 0,
  },
  'work-reply-empty': { ok: true, assignments: [], retryAfterMs: 0 },
  'result-reply': { ok: true },
  refusal: { ok: false, code: nodeErrorCodes.NOT_LEASED, message: 'the fragment is not leased to this node under this lease (LEASE.UNKNOWN_FRAGMENT)' },
  'reveal-too-early': {
    ok: false,
    code: nodeErrorCodes.REVEAL_TOO_EARLY,
    message: 'another execution of this fragment has not committed yet; send the same result again later',
    retryAfterMs: 1000,
  },
};

const bucket = 'corex-tasks';
function objectStoreFixture() {
  const name = sealing.blobs[inputHash]!;
  const sealed = sealedInput();
  const metaSubject = `$O.${bucket}.M.${Buffer.from(name, 'utf8').toString('base64url')}${'='.repeat((3 - (name.length % 3)) % 3)}`;
  const nuid = 'Qo3ZxPw0MbdXjVwTSd4Ks8';
  const chunkSubject = `$O.${bucket}.C.${nuid}`;
  return {
    bucket,
    stream: `OBJ_${bucket}`,
    name,
    metaSubject,
    metaRequest: `$JS.API.DIRECT.GET.OBJ_${bucket}.${metaSubject}`,
    meta: {
      name,
      description: '',
      options: { max_chunk_size: 8372224 },
      bucket,
      nuid,
      size: sealed.length,
      chunks: 1,
      mtime: '2025-01-01T12:00:00.000Z',
      digest: `SHA-256=${createHash('sha256').update(sealed).digest('base64url')}=`,
      deleted: false,
      metadata: { 'corex-parts': '1' },
    },
    chunkSubject,
    chunkRequest: `$JS.API.DIRECT.GET.OBJ_${bucket}.${chunkSubject}`,
  };
}

const identity = () => ({ seed, nodeId, publicKeyHex: Buffer.from(rawKeyOf(nodeId)).toString('hex') });

/** The fixture file as the code makes it; written first when updating. */
function golden(file: string, value: unknown): { expected: string; actual: string } {
  const expected = prettyJson(value);
  const full = path.join(DIR, file);
  if (updating) {
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, expected);
  }
  return { expected, actual: readFileSync(full, 'utf8') };
}

const fixture = <T>(file: string): T => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as T;

/** The 32 key bytes of a public nkey (base32 of: 1 prefix byte, 32 key bytes, 2 CRC bytes). */
function rawKeyOf(nkey: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...nkey].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2))).subarray(1, 33);
}

describe('node identity fixture', () => {
  it('is the seed, its node id and the raw ed25519 public key inside it', () => {
    const { expected, actual } = golden('identity.json', identity());
    expect(actual).toBe(expected);
    expect(fromSeed(new TextEncoder().encode(seed)).getPublicKey()).toBe(nodeId);
  });
});

describe('signed message fixtures', () => {
  Object.keys(messages).forEach((name, index) => {
    const file = `messages/${name}.json`;
    const kind = name as keyof typeof messages;

    it(`${file} is what the code signs`, () => {
      const { expected, actual } = golden(file, signedFixture(kind, index));
      expect(actual).toBe(expected);
    });

    it(`${file} verifies as the network verifies it, with its hash`, () => {
      const { message, sha256 } = fixture<ReturnType<typeof signedFixture>>(file);
      const verified = messages[kind].verify(message, { now });
      expect(verified).toMatchObject({ ok: true, nodeId, hash: sha256 });
    });

    it(`${file}: the signed bytes are the domain line, the kind and the RFC 8785 (JCS) form of the body`, () => {
      const { message, signedBytes: text } = fixture<ReturnType<typeof signedFixture>>(file);
      expect(text).toBe(`corex-node-v1\n${message.kind}\n${canonicalize(message.body)}`);
    });

    it(`${file}: the signature is plain ed25519 over the signed bytes, with the raw key of identity.json`, () => {
      const { message, signedBytes: text } = fixture<ReturnType<typeof signedFixture>>(file);
      const { publicKeyHex } = fixture<{ publicKeyHex: string }>('identity.json');
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
      expect(verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(message.signature, 'base64url'))).toBe(true);
    });
  });
});

describe('reply fixtures', () => {
  const schemas: Record<keyof typeof replies, { safeParse(v: unknown): { success: boolean; data?: unknown } }> = {
    'register-reply': registerReplySchema,
    'work-reply': workReplySchema,
    'work-reply-empty': workReplySchema,
    'result-reply': resultReplySchema,
    refusal: resultReplySchema,
    'reveal-too-early': commitReplySchema,
  };
  for (const [name, reply] of Object.entries(replies)) {
    const file = `replies/${name}.json`;
    it(`${file} is a reply the node accepts, unchanged by parsing`, () => {
      const { expected, actual } = golden(file, reply);
      expect(actual).toBe(expected);
      const parsed = schemas[name as keyof typeof replies].safeParse(fixture(file));
      expect(parsed).toMatchObject({ success: true, data: fixture(file) });
    });
  }
});

describe('commit fixture', () => {
  it('commits to the result fixture: sha256 of the domain line, result hash, node id, lease id and salt, one per line', () => {
    const commit = fixture<ReturnType<typeof signedFixture>>('messages/commit.json').message.body as { commitment: string };
    const result = fixture<ReturnType<typeof signedFixture>>('messages/result.json').message.body as { resultHash: string; salt: string };
    const preimage = `corex-commit-v1\n${result.resultHash}\n${nodeId}\n${leaseId}\n${result.salt}`;
    expect(commit.commitment).toBe(createHash('sha256').update(preimage, 'utf8').digest('hex'));
    expect(resultCommitment(result.resultHash, nodeId, `${fragmentId}-a2`, result.salt)).not.toBe(commit.commitment);
  });
});

describe('object store fixture', () => {
  it('lays the metadata and chunk subjects out as the NATS object store client does', () => {
    const { expected, actual } = golden('object-store.json', objectStoreFixture());
    expect(actual).toBe(expected);
    const store = fixture<ReturnType<typeof objectStoreFixture>>('object-store.json');
    expect(store.metaSubject).toBe(`$O.${store.bucket}.M.${Base64UrlPaddedCodec.encode(store.name)}`);
    expect(store.metaSubject).toMatch(/==$/);
    const sealed = fixture<{ sealedSha256: string; name: string }>('sealed-blob.json');
    expect(store.meta.digest).toBe(`SHA-256=${Base64UrlPaddedCodec.encode(Buffer.from(sealed.sealedSha256, 'hex'))}`);
    expect(store.name).toBe(sealed.name);
    expect(store.bucket).toBe(`${nodeSubjects().register.split('.')[0]}-tasks`);
  });
});

describe('sealed blob fixture', () => {
  it('is the input blob sealed as the scheduler seals it, named as the assignment names it', () => {
    const { expected, actual } = golden('sealed-blob.json', sealedBlobFixture());
    expect(actual).toBe(expected);
    const f = fixture<ReturnType<typeof sealedBlobFixture>>('sealed-blob.json');
    expect(fixture<{ assignments: Array<{ sealing: typeof sealing }> }>('replies/work-reply.json').assignments[0]!.sealing.blobs[f.sha256]).toBe(f.name);
  });

  it('opens with the assignment key to the tensor-map fixture, and with no other job key', () => {
    const f = fixture<ReturnType<typeof sealedBlobFixture>>('sealed-blob.json');
    const opened = openSealedBlob(Buffer.from(f.key, 'base64'), f.sha256, bytesOfLines(f.bytes));
    expect(Buffer.from(opened).equals(tensorMapBytes())).toBe(true);
    expect(() => openSealedBlob(jobSealingKey(sealingSecret, 'another-job'), f.sha256, bytesOfLines(f.bytes))).toThrow();
  });
});

describe('docs/node-protocol.md', () => {
  const doc = readFileSync(DOC, 'utf8');
  const marked = [...doc.matchAll(/<!-- fixture: ([^ ]+) -->\n```[a-z]*\n([\s\S]*?)```\n/g)].map((m) => ({ file: m[1]!, block: m[2]! }));

  it('shows every marked fixture exactly as it is in the repository', () => {
    expect(marked.length).toBeGreaterThan(0);
    for (const { file, block } of marked) expect({ file, block }).toEqual({ file, block: readFileSync(path.join(DIR, file), 'utf8') });
  });

  it('shows every fixture file', () => {
    const files = listFiles(DIR);
    expect(files.filter((f) => !marked.some((m) => m.file === f))).toEqual([]);
  });

  it('has no fixture marker without its code block right below', () => {
    expect(doc.match(/<!-- fixture:/g)?.length).toBe(marked.length);
  });
});

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}
