/** NATS subjects the network listens on for node messages; `prefix` is COREX_SUBJECT_PREFIX. */
export interface NodeSubjects {
  /** Request/reply: a signed `register` message, answered with a RegisterReply. */
  register: string;
  /** Publish (no reply): a signed `heartbeat`. */
  heartbeat: string;
  /** Request/reply: a signed `work-request`, answered with a WorkReply. */
  work: string;
  /** Request/reply: a signed `result`, answered with a ResultReply. */
  result: string;
  /** Request/reply: a signed `release`, answered with a ResultReply. */
  release: string;
  /** Request/reply: a signed `leave`, answered with a ResultReply. */
  leave: string;
  /** Request/reply: a signed `bind-payout`, answered by the staking service with a BindPayoutReply. */
  bindPayout: string;
  /** Request/reply: a signed `set-payout-route`, answered by the staking service with a SetPayoutRouteReply. */
  setPayoutRoute: string;
  /** Request/reply: a signed `commit` (commit-reveal), answered by the scheduler with a CommitReply. */
  commit: string;
  /** Request/reply: a signed `challenge-start`, answered by the verifier with a ChallengeStartReply. */
  challenge: string;
  /** Request/reply: a signed `challenge-result`, answered by the verifier with a ChallengeResultReply. */
  challengeResult: string;
  /** Request/reply: a signed `private-dataset` (register or withdraw), answered by the scheduler with a PrivateDatasetReply. */
  privateDataset: string;
}

/** Builds the node protocol subjects under a prefix (default `corex`). */
export function nodeSubjects(prefix = 'corex'): NodeSubjects {
  if (!/^[a-z0-9_-]+$/.test(prefix)) throw new Error(`invalid subject prefix: ${JSON.stringify(prefix)}`);
  const base = `${prefix}.node.v1`;
  return {
    register: `${base}.register`,
    heartbeat: `${base}.heartbeat`,
    work: `${base}.work`,
    result: `${base}.result`,
    release: `${base}.release`,
    leave: `${base}.leave`,
    bindPayout: `${base}.bind-payout`,
    setPayoutRoute: `${base}.set-payout-route`,
    commit: `${base}.commit`,
    challenge: `${base}.challenge`,
    challengeResult: `${base}.challenge-result`,
    privateDataset: `${base}.private-dataset`,
  };
}
