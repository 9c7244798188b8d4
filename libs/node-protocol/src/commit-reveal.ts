import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { idSchema, sha256Schema } from '@corex/events';
import { resultReplySchema, signedBase } from './work-schemas';

/** Kind of the message a node commits to its result with (docs/node-protocol.md, "Commit-reveal"). */
export const COMMIT_KIND = 'commit';

/** Domain line of the commitment preimage: a commitment can never be read as another hash. */
export const COMMITMENT_DOMAIN = 'corex-commit-v1';

/**
 * The commitment a node sends before revealing its result: sha256 (lower-case hex) of the UTF-8
 * text `corex-commit-v1\n<resultHash>\n<nodeId>\n<leaseId>\n<salt>`. Binding the node and the lease
 * means a commitment (or result) copied from another node or lease never opens.
 */
export function resultCommitment(resultHash: string, nodeId: string, leaseId: string, salt: string): string {
  return createHash('sha256').update(`${COMMITMENT_DOMAIN}\n${resultHash}\n${nodeId}\n${leaseId}\n${salt}`, 'utf8').digest('hex');
}

/** A fresh salt for a commitment: 32 random bytes as lower-case hex. */
export function newCommitmentSalt(): string {
  return randomBytes(32).toString('hex');
}

/** Sent once the result hash is known and before the result blob is uploaded: the node commits to it under its lease. */
export const commitBodySchema = z.object({
  ...signedBase,
  fragmentId: idSchema,
  leaseId: idSchema,
  commitment: sha256Schema,
});
export type CommitBody = z.infer<typeof commitBodySchema>;

/** The reply to a `commit`: ok, or a refusal with a stable code. */
export const commitReplySchema = resultReplySchema;
export type CommitReply = z.infer<typeof commitReplySchema>;
