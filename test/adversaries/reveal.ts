import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Assignment } from '@corex/node-protocol';
import type { ComputedResult, TaskCompute } from './task-compute';
import { commitmentOf, type WireClient, type WireReply } from './wire-client';

/** What a behaviour sends for a lease: the bytes to upload and reveal, and what the commitment binds (the same hash when honest). */
export interface Submission {
  result: Pick<ComputedResult, 'bytes' | 'resultHash' | 'rowsProcessed' | 'metrics' | 'durationMs'>;
  /** The hash the commitment is made to; defaults to the revealed hash (a correct commitment). */
  committedHash?: string;
  /** Runs after the commit is acknowledged and before the upload: a copier waits here for a result to copy. */
  beforeReveal?: () => Promise<Submission['result'] | null>;
}

export interface RevealOutcome {
  commit: WireReply;
  reveal: WireReply | null;
  salt: string;
  resultHash: string | null;
}

/** Retries of one reveal answered NODE.REVEAL_TOO_EARLY, while the lease lives. */
const MAX_EARLY_RETRIES = 200;

/**
 * The commit-reveal exchange for one lease, as docs/node-protocol.md orders it: commit to the
 * result hash with a fresh salt, upload the blob, then reveal (the result message with the salt),
 * resending the same signed reveal while the scheduler answers NODE.REVEAL_TOO_EARLY.
 */
export async function commitAndReveal(wire: WireClient, compute: TaskCompute, assignment: Assignment, submission: Submission): Promise<RevealOutcome> {
  const salt = randomBytes(32).toString('hex');
  const committedHash = submission.committedHash ?? submission.result.resultHash;
  const commit = await wire.commit(assignment.fragmentId, assignment.leaseId, commitmentOf(committedHash, wire.nodeId, assignment.leaseId, salt));
  if (!commit.ok) return { commit, reveal: null, salt, resultHash: null };
  const result = submission.beforeReveal ? await submission.beforeReveal() : submission.result;
  if (!result) return { commit, reveal: null, salt, resultHash: null };
  await compute.upload(result.bytes);
  const reveal = await sendReveal(wire, assignment, result, salt);
  return { commit, reveal, salt, resultHash: result.resultHash };
}

/** Sends one signed reveal, and the identical message again while it is too early. */
export async function sendReveal(wire: WireClient, assignment: Assignment, result: Submission['result'], salt: string): Promise<WireReply> {
  const message = wire.resultMessage({
    fragmentId: assignment.fragmentId,
    leaseId: assignment.leaseId,
    resultHash: result.resultHash,
    salt,
    rowsProcessed: result.rowsProcessed,
    metrics: result.metrics,
    durationMs: result.durationMs,
  });
  for (let attempt = 0; ; attempt++) {
    const reply = await wire.send('result', message);
    if (reply.ok || reply.code !== 'NODE.REVEAL_TOO_EARLY' || attempt >= MAX_EARLY_RETRIES) return reply;
    await sleep(Math.min(Math.max(reply.retryAfterMs ?? 500, 100), 2_000));
  }
}
