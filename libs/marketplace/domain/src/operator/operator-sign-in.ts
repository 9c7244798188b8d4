import { IllegalStateError, NotFoundError, UnauthorizedError } from '@corex/platform';

/** How long a sign-in challenge may be answered. */
export const OPERATOR_CHALLENGE_TTL_MS = 5 * 60_000;
/** How long an operator session lasts; signing in again is one command. */
export const OPERATOR_SESSION_TTL_MS = 12 * 60 * 60_000;
/** Unanswered challenges one node may have at once: anyone can ask for a node's challenge, so the table cannot be filled. */
export const MAX_OPEN_CHALLENGES_PER_NODE = 16;

export interface OperatorChallenge {
  challenge: string;
  nodeId: string;
  expiresAt: Date;
}

export interface IssueChallenge {
  nodeId: string;
  /** Whether the node registered (its id is the public key the answer is checked against). */
  nodeKnown: boolean;
  /** Unanswered, unexpired challenges of the node now. */
  openChallenges: number;
  /** Fresh random text, drawn by the caller: this function stays pure. */
  challenge: string;
  now: Date;
  ttlMs?: number;
}

/** A challenge for a registered node, unless it already has too many open. */
export function decideChallenge(command: IssueChallenge): OperatorChallenge {
  if (!command.nodeKnown) throw new NotFoundError('OPERATOR.NODE_NOT_FOUND', 'no node with this id has registered');
  if (command.openChallenges >= MAX_OPEN_CHALLENGES_PER_NODE) {
    throw new IllegalStateError('OPERATOR.TOO_MANY_CHALLENGES', `the node has ${command.openChallenges} unanswered challenges; answer one or wait until they expire`);
  }
  return { challenge: command.challenge, nodeId: command.nodeId, expiresAt: new Date(command.now.getTime() + (command.ttlMs ?? OPERATOR_CHALLENGE_TTL_MS)) };
}

export interface AnswerChallenge {
  nodeId: string;
  challenge: string;
  /** Whether the signature verifies against nodeId's public key over the challenge's signed bytes. */
  signatureValid: boolean;
  now: Date;
  sessionTtlMs?: number;
}

/**
 * Whether an answer opens a session: the challenge was issued to that node, is unused and
 * unexpired, and the node's key signed it. `issued` is null for a challenge never issued or
 * already used (single use is enforced where it is consumed; this judges what was found).
 */
export function judgeChallengeAnswer(command: AnswerChallenge, issued: OperatorChallenge | null): { nodeId: string; expiresAt: Date } {
  if (!issued || issued.nodeId !== command.nodeId) {
    throw new UnauthorizedError('OPERATOR.CHALLENGE_UNKNOWN', 'this challenge was not issued to this node, or was already used; ask for a new one');
  }
  if (command.now.getTime() >= issued.expiresAt.getTime()) {
    throw new UnauthorizedError('OPERATOR.CHALLENGE_EXPIRED', `the challenge expired at ${issued.expiresAt.toISOString()}; ask for a new one`);
  }
  if (!command.signatureValid) throw new UnauthorizedError('OPERATOR.SIGNATURE_INVALID', "the signature does not verify against the node's key");
  return { nodeId: issued.nodeId, expiresAt: new Date(command.now.getTime() + (command.sessionTtlMs ?? OPERATOR_SESSION_TTL_MS)) };
}

/** Whether a stored session still admits its bearer at `now`. */
export function sessionLive(session: { expiresAt: Date }, now: Date): boolean {
  return now.getTime() < session.expiresAt.getTime();
}
