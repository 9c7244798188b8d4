/** Stable codes of refused node messages; clients branch on these, never on the message text. */
export const nodeErrorCodes = {
  /** The signature does not verify against the body's nodeId (forged, tampered or re-encoded). */
  SIGNATURE_INVALID: 'NODE.SIGNATURE_INVALID',
  /** Not a signed node message, or a body that does not match its kind's schema. */
  MALFORMED: 'NODE.MALFORMED',
  /** `issuedAt` is more than the allowed skew (5 minutes) away from the receiver's clock. */
  STALE: 'NODE.STALE',
  /** The claimed nodeId is not a node (user) key, or not the identity the receiver expected. */
  ID_MISMATCH: 'NODE.ID_MISMATCH',
  /** The node is not registered with the network. */
  UNKNOWN_NODE: 'NODE.UNKNOWN_NODE',
  /** The result or release names a fragment that is not leased to this node under this lease id. */
  NOT_LEASED: 'NODE.NOT_LEASED',
  /** The lease was superseded or has expired (fencing): a late result is never accepted. */
  LEASE_STALE: 'NODE.LEASE_STALE',
  /** The result blob is missing from the blob store or does not hash to `resultHash`. */
  RESULT_BLOB_INVALID: 'NODE.RESULT_BLOB_INVALID',
  /** The result blob is there but does not fit the task: an output's dtype or dims differ, a value is not finite, or the rows do not match. */
  RESULT_INVALID: 'NODE.RESULT_INVALID',
  /** The message's nonce was already seen within the acceptance window: a replay, never answered twice. */
  REPLAYED: 'NODE.REPLAYED',
  /** The node sent more messages than its rate allows; retry after `retryAfterMs` when given. */
  RATE_LIMITED: 'NODE.RATE_LIMITED',
  /** A bind-payout names another chain or StakingPool than this network's. */
  WRONG_NETWORK: 'NODE.WRONG_NETWORK',
  /** The network has no chain, or its staking service holds no binder key. */
  NO_CHAIN: 'NODE.NO_CHAIN',
  /** A set-payout-route to a remote chain on a network without a bridge (no bridge payout address). */
  NO_BRIDGE: 'NODE.NO_BRIDGE',
  /** A result (reveal) for a lease with no commitment recorded: send the `commit` first (no penalty). */
  NOT_COMMITTED: 'NODE.NOT_COMMITTED',
  /** A different commitment was already recorded for this lease: a lease has one commitment. */
  ALREADY_COMMITTED: 'NODE.ALREADY_COMMITTED',
  /** The replica gate: another execution of the fragment has not committed yet; retry the SAME reveal after `retryAfterMs`. */
  REVEAL_TOO_EARLY: 'NODE.REVEAL_TOO_EARLY',
  /** The reveal's salt and hash do not open the commitment recorded for its lease: a violation, the lease fails. */
  REVEAL_MISMATCH: 'NODE.REVEAL_MISMATCH',
  /** A second, different result for a lease already completed: a violation. */
  DUPLICATE_RESULT: 'NODE.DUPLICATE_RESULT',
  /** A result under a lease of the fragment this node never held: a violation. */
  UNLEASED_RESULT: 'NODE.UNLEASED_RESULT',
  /** The node was evicted for fraud: it is refused for good. */
  EVICTED: 'NODE.EVICTED',
  /** The node is suspended: no new work until the suspension ends. */
  SUSPENDED: 'NODE.SUSPENDED',
  /** The challenge is not this node's, or does not exist. */
  UNKNOWN_CHALLENGE: 'NODE.UNKNOWN_CHALLENGE',
  /** The challenge was already judged or expired: no answer is taken any more. */
  CHALLENGE_CLOSED: 'NODE.CHALLENGE_CLOSED',
  /** A private dataset's schemaHash is not the canonical hash of its featureNames and classNames. */
  SCHEMA_HASH_MISMATCH: 'NODE.SCHEMA_HASH_MISMATCH',
  /** A private dataset's schema differs from the schema the federation's members registered. */
  FEDERATION_SCHEMA_MISMATCH: 'NODE.FEDERATION_SCHEMA_MISMATCH',
  /** A withdraw names a federation the node holds no dataset in. */
  NOT_A_MEMBER: 'NODE.NOT_A_MEMBER',
  /** Not a refusal: the network could not record the message; retrying may succeed. */
  UNAVAILABLE: 'NODE.UNAVAILABLE',
} as const;

export type NodeErrorCode = (typeof nodeErrorCodes)[keyof typeof nodeErrorCodes];
