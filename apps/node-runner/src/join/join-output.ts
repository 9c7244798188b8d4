import type { JoinOutcome } from './join';

export interface CliResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

export const exitCodes = { ok: 0, failed: 1, refused: 2, usage: 64 } as const;

/** The result of `join` as a human line or, with `json`, one JSON object on stdout. */
export function formatJoinOutcome(outcome: JoinOutcome, json: boolean): CliResult {
  const { reply, nodeId, benchmark, hardware, identityCreated } = outcome;
  if (!reply.ok) {
    const stdout = json ? JSON.stringify({ ok: false, code: reply.code, message: reply.message, nodeId }) : undefined;
    const stderr = json ? undefined : `node-runner: the network refused node ${nodeId}: ${reply.code} (${reply.message})`;
    return { exitCode: exitCodes.refused, stdout, stderr };
  }
  if (json) {
    const result = { ok: true, nodeId, status: reply.status, gflops: benchmark.gflops, identityCreated, benchmark, hardware };
    return { exitCode: exitCodes.ok, stdout: JSON.stringify(result) };
  }
  const { gflops, size, executionProvider } = benchmark;
  const speed = `${gflops.toFixed(2)} GFLOP/s (matmul ${size}x${size} f32 on ${executionProvider})`;
  return { exitCode: exitCodes.ok, stdout: `node ${nodeId} ${reply.status}: ${speed}` };
}

/** A failure before the network answered (no NATS, no scheduler, bad identity file). */
export function formatJoinError(err: unknown, json: boolean): CliResult {
  const message = err instanceof Error ? err.message : String(err);
  if (json) return { exitCode: exitCodes.failed, stdout: JSON.stringify({ ok: false, code: 'RUNNER.FAILED', message }) };
  return { exitCode: exitCodes.failed, stderr: `node-runner: ${message}` };
}
