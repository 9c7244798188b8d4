import type { Benchmark, Hardware } from '@corex/events';
import type { JoinOutcome } from './join';
import { exitCodes, formatJoinError, formatJoinOutcome } from './join-output';

const nodeId = 'U'.repeat(56);
const benchmark: Benchmark = { kind: 'matmul-f32', size: 512, iterations: 30, durationMs: 500, gflops: 16.1234, executionProvider: 'cpu' };
const hardware: Hardware = {
  cpuModel: 'cpu',
  cpuCores: 2,
  memoryBytes: 1,
  gpus: [],
  executionProviders: ['cpu'],
  os: 'linux',
  arch: 'x64',
};

function outcome(reply: JoinOutcome['reply']): JoinOutcome {
  return { nodeId, identityCreated: true, hardware, benchmark, reply };
}

describe('join output', () => {
  it('prints node id, GFLOP/s and status on one line when the node is registered', () => {
    const result = formatJoinOutcome(outcome({ ok: true, nodeId, status: 'registered' }), false);
    expect(result).toEqual({ exitCode: exitCodes.ok, stdout: `node ${nodeId} registered: 16.12 GFLOP/s (matmul 512x512 f32 on cpu)` });
  });

  it('prints one parseable JSON object with --json', () => {
    const result = formatJoinOutcome(outcome({ ok: true, nodeId, status: 're-benchmarked' }), true);
    expect(JSON.parse(result.stdout!)).toMatchObject({ ok: true, nodeId, status: 're-benchmarked', gflops: 16.1234 });
  });

  it('exits with the refusal exit code and names the error code when the network refuses', () => {
    const refused = outcome({ ok: false, code: 'NODE.SIGNATURE_INVALID', message: 'signature does not verify' });
    const human = formatJoinOutcome(refused, false);
    expect(human.exitCode).toBe(exitCodes.refused);
    expect(human.stderr).toContain('NODE.SIGNATURE_INVALID');
    expect(JSON.parse(formatJoinOutcome(refused, true).stdout!)).toEqual({
      ok: false,
      code: 'NODE.SIGNATURE_INVALID',
      message: 'signature does not verify',
      nodeId,
    });
  });

  it('reports a failure before any reply as a non-zero exit with the reason', () => {
    expect(formatJoinError(new Error('cannot reach NATS'), false)).toEqual({
      exitCode: exitCodes.failed,
      stderr: 'node-runner: cannot reach NATS',
    });
  });
});
