import type { NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import {
  leaveReplySchema,
  newNonce,
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

/** A WorkClient over core NATS: heartbeats are published, everything else is request/reply. */
export function natsWorkClient(nc: NatsConnection, options: WorkClientOptions): NodeClient {
  const subjects = nodeSubjects(options.subjectPrefix);
  const sign = (kind: string, fields: Record<string, unknown>) =>
    JSON.stringify(signNodeMessage(kind, { nodeId: options.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), ...fields }, options.seed));

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

  return {
    heartbeat: (state) => nc.publish(subjects.heartbeat, sign(workMessageKinds.heartbeat, { ...state })),
    requestWork: (req) => request(subjects.work, sign(workMessageKinds.workRequest, req), workReplySchema),
    submitResult: (assignment, result) =>
      request(
        subjects.result,
        sign(workMessageKinds.result, {
          fragmentId: assignment.fragmentId,
          leaseId: assignment.leaseId,
          resultHash: result.resultHash,
          durationMs: result.durationMs,
          rowsProcessed: result.rowsProcessed,
          metrics: result.metrics,
        }),
        resultReplySchema,
      ),
    release: (assignment, reason, error) =>
      request(
        subjects.release,
        sign(workMessageKinds.release, { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, reason, error: error?.slice(0, 500) }),
        releaseReplySchema,
      ),
    leave: (reason) => request(subjects.leave, sign(workMessageKinds.leave, { reason }), leaveReplySchema),
  };
}
