import { createUser } from '@nats-io/nkeys';
import type { Benchmark, Hardware } from '@corex/events';
import { nodeErrorCodes } from './error-codes';
import { notJsonRefusal, verifyRegisterRequest } from './register';
import { registerReplySchema, type RegisterRequestBody } from './schemas';
import { newNonce, signedBytesHash, signNodeMessage } from './signing';

const now = new Date('2025-01-01T12:00:00.000Z');
const key = createUser();
const seed = new TextDecoder().decode(key.getSeed());
const nodeId = key.getPublicKey();
const hardware: Hardware = {
  cpuModel: 'cpu',
  cpuCores: 2,
  memoryBytes: 2 ** 30,
  gpus: [],
  executionProviders: ['cpu'],
  os: 'linux',
  arch: 'x64',
};
const benchmark: Benchmark = { kind: 'matmul-f32', size: 256, iterations: 10, durationMs: 100, gflops: 3.3, executionProvider: 'cpu' };

function body(): RegisterRequestBody {
  return { nodeId, name: 'rig', hardware, benchmark, runnerVersion: '0.1.0', issuedAt: now.toISOString(), nonce: newNonce() };
}

describe('verifyRegisterRequest', () => {
  it('accepts a signed register report and returns its body and report hash', () => {
    const signed = signNodeMessage('register', body(), seed);
    const result = verifyRegisterRequest(JSON.parse(JSON.stringify(signed)), { now });
    const hash = signedBytesHash('register', signed.body);
    expect(result).toEqual({ ok: true, nodeId, body: signed.body, hash, signature: signed.signature });
  });

  it('refuses a correctly signed body that is not a register body as malformed', () => {
    const { benchmark: _dropped, ...withoutBenchmark } = body();
    const result = verifyRegisterRequest(signNodeMessage('register', withoutBenchmark, seed), { now });
    expect(result).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED, claimedNodeId: nodeId });
    expect(!result.ok && result.message).toMatch(/benchmark/);
  });

  it('refuses a message of another kind', () => {
    const result = verifyRegisterRequest(signNodeMessage('heartbeat', body(), seed), { now });
    expect(result).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
  });

  it('describes a payload that is not JSON as malformed, claiming no node', () => {
    const refusal = notJsonRefusal();
    expect(refusal).toEqual({ ok: false, code: nodeErrorCodes.MALFORMED, message: 'payload is not JSON', claimedNodeId: '', kind: '' });
  });
});

describe('registerReplySchema', () => {
  it('accepts both reply shapes and nothing in between', () => {
    expect(registerReplySchema.safeParse({ ok: true, nodeId, status: 'registered' }).success).toBe(true);
    expect(registerReplySchema.safeParse({ ok: false, code: nodeErrorCodes.STALE, message: 'old' }).success).toBe(true);
    expect(registerReplySchema.safeParse({ ok: true, code: nodeErrorCodes.STALE, message: 'old' }).success).toBe(false);
  });
});
