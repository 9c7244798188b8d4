import type { z } from 'zod';
import { nodeErrorCodes } from './error-codes';
import { issueSummary, refusalFor, type NodeMessageRefusal } from './refusal';
import { verifyNodeMessage } from './verify';
import { COMMIT_KIND, commitBodySchema } from './commit-reveal';
import { challengeMessageKinds, challengeResultBodySchema, challengeStartBodySchema } from './challenge-schemas';
import { PRIVATE_DATASET_KIND, privateDatasetBodySchema } from './private-dataset';
import {
  heartbeatBodySchema,
  leaveBodySchema,
  releaseBodySchema,
  resultBodySchema,
  workMessageKinds,
  workRequestBodySchema,
} from './work-schemas';

export type VerifiedWorkMessage<T> = { ok: true; nodeId: string; body: T; hash: string; signature: string } | NodeMessageRefusal;

function verifier<S extends z.ZodType>(kind: string, schema: S) {
  return (message: unknown, options: { now: Date }): VerifiedWorkMessage<z.infer<S>> => {
    const verified = verifyNodeMessage(message, { now: options.now, expectedKind: kind });
    if (!verified.ok) return verified;
    const body = schema.safeParse(verified.body);
    if (!body.success) return refusalFor(message)(nodeErrorCodes.MALFORMED, `invalid ${kind} body: ${issueSummary(body.error)}`);
    return { ok: true, nodeId: verified.nodeId, body: body.data, hash: verified.hash, signature: verified.signature };
  };
}

/** Signature, freshness and body schema of each work-protocol message; never throw. */
export const verifyHeartbeat = verifier(workMessageKinds.heartbeat, heartbeatBodySchema);
export const verifyWorkRequest = verifier(workMessageKinds.workRequest, workRequestBodySchema);
export const verifyResult = verifier(workMessageKinds.result, resultBodySchema);
export const verifyRelease = verifier(workMessageKinds.release, releaseBodySchema);
export const verifyLeave = verifier(workMessageKinds.leave, leaveBodySchema);
export const verifyCommit = verifier(COMMIT_KIND, commitBodySchema);
export const verifyChallengeStart = verifier(challengeMessageKinds.start, challengeStartBodySchema);
export const verifyChallengeResult = verifier(challengeMessageKinds.result, challengeResultBodySchema);
export const verifyPrivateDataset = verifier(PRIVATE_DATASET_KIND, privateDatasetBodySchema);
