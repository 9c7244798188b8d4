/**
 * Benchmark challenges run for real: the node solves relu(A·B)'s column sums in onnxruntime
 * (`solveChallenge`, the node runner's answer), timed; the verifier recomputes 8 random columns
 * (`challengeColumn`) and @corex/verification-domain's `judgeChallenge` decides. The answer is
 * always computed here; its time is modelled as 2·size³ at the node's true speed (the bench
 * stands for nodes faster and slower than this machine), or this machine's own time with none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { challengeColumn, challengeMatrices, SeededRandom, solveChallenge } from '@corex/compute';
import type { ChallengeIssuedData } from '@corex/events';
import { challengeDeadlineMs, challengeFlops, challengeSize, judgeChallenge, pickCheckedColumns, type ChallengeJudgement } from '@corex/verification-domain';

export interface ChallengeRun {
  judgement: ChallengeJudgement;
  /** The node's FLOPs (2·size³) and the verifier's (8 columns of 2·size² each). */
  nodeFlops: number;
  verifierFlops: number;
}

/** Issues, answers and judges one challenge of `nodeId` for its claim. */
export async function runChallenge(
  node: { id: string; claimedGflops: number; trueGflops: number | null },
  reason: 'join' | 'random',
  id: string,
  random: SeededRandom,
  now: string,
): Promise<ChallengeRun> {
  const { id: nodeId, claimedGflops } = node;
  const size = challengeSize(claimedGflops);
  const seed = randomBytes(32).toString('hex');
  const challenge: ChallengeIssuedData = { challengeId: id, nodeId, reason, size, seed, claimedGflops, deadlineMs: challengeDeadlineMs(claimedGflops, size), issuedAt: now };
  const started = performance.now();
  const sums = await solveChallenge(seed, size);
  const elapsedMs = node.trueGflops === null ? performance.now() - started : challengeFlops(size) / (node.trueGflops * 1e6);
  const { a, b } = challengeMatrices(seed, size);
  const columns = pickCheckedColumns(size, () => random.next()).map((index) => ({ index, expected: challengeColumn(a, b, size, index), got: sums[index]! }));
  const answerHash = createHash('sha256').update(Buffer.from(sums.buffer, sums.byteOffset, sums.byteLength)).digest('hex');
  const judgement = judgeChallenge(challenge, { elapsedMs, columns, wellFormed: sums.length === size, answerHash, messageHash: answerHash }, now);
  return { judgement, nodeFlops: challengeFlops(size), verifierFlops: columns.length * 2 * size * size };
}
