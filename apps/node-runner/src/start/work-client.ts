import type { NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import {
  commitReplySchema,
  COMMIT_KIND,
  leaveReplySchema,
  newCommitmentSalt,
  newNonce,
  nodeErrorCodes,
  resultCommitment,
  nodeSubjects,
  releaseReplySchema,
  resultReplySchema,
  signNodeMessage,
  workMessageKinds,
  workReplySchema,
  type Assignment,
  type ReleaseBody,
  type ResultReply,
  type WorkReply,
} from '@corex/node-protocol';
import type { ExecutionResult } from '../execute/execute-task';

/** The scheduler did not answer (no responders, timeout) or answered something unreadable: retry later. */
export class SchedulerUnavailableError extends Error {}

export interface NodeState {
  leaseIds: string[];
  freeMemoryBytes: number;
  /** Free slots. */
  slots: number;
}

export type ReleaseReason = ReleaseBody['reason'];

/** The node's side of the work protocol: every message signed with the node's key. */
export interface WorkClient {
  heartbeat(state: NodeState): void;
  requestWork(request: { slots: number; freeMemoryBytes: number }): Promise<WorkReply>;
  /**
   * Commit-reveal (docs/node-protocol.md): commits to the result under the lease, then reveals it.
   * A retry for the same lease sends the identical signed messages again.
   */
  submitResult(assignment: Assignment, result: ExecutionResult): Promise<ResultReply>;
  release(assignment: Assignment, reason: ReleaseReason, error?: string): Promise<ResultReply>;
}

/** The work protocol plus leaving, which only the process that runs the node does. */
export interface NodeClient extends WorkClient {
  /** Tells the network the node is going away: it is given no more work until it joins again. */
  leave(reason: 'shutdown' | 'maintenance'): Promise<ResultReply>;
}

export interface WorkClientOptions {
  subjectPrefix: string;
  nodeId: string;
  seed: string;
  timeoutMs: number;
}

/** A signed message older than this is signed again before a retry (the network accepts 5 minutes of skew). */
const RESIGN_AFTER_MS = 4 * 60_000;

/** The commit and result messages of one lease, kept so that every retry sends the same bytes. */
interface PreparedResult {
  commit: string;
  committed: boolean;
  result: string;
  signedAt: number;
  fields: Record<string, unknown>;
}

/** A WorkClient over core NATS: heartbeats are published, everything else is request/reply. */
export function natsWorkClient(nc: NatsConnection, options: WorkClientOptions): NodeClient {
  const subjects = nodeSubjects(options.subjectPrefix);
  const sign = (kind: string, fields: Record<string, unknown>) =>
    JSON.stringify(signNodeMessage(kind, { nodeId: options.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), ...fields }, options.seed));
  const prepared = new Map<string, PreparedResult>();

  async function request<S extends z.ZodType>(subject: string, payload: string, schema: S): Promise<z.infer<S>> {
    let reply;
    try {
      reply = await nc.request(subject, payload, { timeout: options.timeoutMs });
    } catch (err) {
      throw new SchedulerUnavailableError(`no answer on ${subject}: ${(err as Error).message}`);
    }
    let parsed: z.ZodSafeParseResult<z.infer<S>>;
    try {
      parsed = schema.safeParse(reply.json());
    } catch {
      throw new SchedulerUnavailableError(`reply on ${subject} is not JSON`);
    }
    if (!parsed.success) throw new SchedulerUnavailableError(`unexpected reply on ${subject}: ${parsed.error.message.slice(0, 200)}`);
    return parsed.data;
  }

  function prepare(assignment: Assignment, result: ExecutionResult): PreparedResult {
    const salt = newCommitmentSalt();
    const { fragmentId, leaseId } = assignment;
    const commitment = resultCommitment(result.resultHash, options.nodeId, leaseId, salt);
    const fields = { fragmentId, leaseId, resultHash: result.resultHash, salt, durationMs: result.durationMs, rowsProcessed: result.rowsProcessed, metrics: result.metrics };
    return { commit: sign(COMMIT_KIND, { fragmentId, leaseId, commitment }), committed: false, result: sign(workMessageKinds.result, fields), signedAt: Date.now(), fields };
  }

  /** The final answer for this lease came (anything but UNAVAILABLE or REVEAL_TOO_EARLY): forget its messages. */
  function settle(leaseId: string, reply: ResultReply): ResultReply {
    if (reply.ok || (reply.code !== nodeErrorCodes.UNAVAILABLE && reply.code !== nodeErrorCodes.REVEAL_TOO_EARLY)) prepared.delete(leaseId);
    return reply;
  }

  async function submitResult(assignment: Assignment, result: ExecutionResult): Promise<ResultReply> {
    let p = prepared.get(assignment.leaseId);
    if (!p) prepared.set(assignment.leaseId, (p = prepare(assignment, result)));
    if (!p.committed) {
      const committed = await request(subjects.commit, p.commit, commitReplySchema);
      if (!committed.ok) return settle(assignment.leaseId, committed);
      p.committed = true;
    }
    // Not yet accepted (held by the replica gate): a message about to go stale is signed afresh.
    if (Date.now() - p.signedAt > RESIGN_AFTER_MS) Object.assign(p, { result: sign(workMessageKinds.result, p.fields), signedAt: Date.now() });
    return settle(assignment.leaseId, await request(subjects.result, p.result, resultReplySchema));
  }

  return {
    heartbeat: (state) => nc.publish(subjects.heartbeat, sign(workMessageKinds.heartbeat, { ...state })),
    requestWork: (req) => request(subjects.work, sign(workMessageKinds.workRequest, req), workReplySchema),
    submitResult,
    release: (assignment, reason, error) => {
      prepared.delete(assignment.leaseId);
      return request(
        subjects.release,
        sign(workMessageKinds.release, { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, reason, error: error?.slice(0, 500) }),
        releaseReplySchema,
      );
    },
    leave: (reason) => request(subjects.leave, sign(workMessageKinds.leave, { reason }), leaveReplySchema),
  };
}
