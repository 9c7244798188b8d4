/** NATS subjects the network listens on for node messages; `prefix` is COREX_SUBJECT_PREFIX. */
export interface NodeSubjects {
  /** Request/reply: a signed `register` message, answered with a RegisterReply. */
  register: string;
}

/** Builds the node protocol subjects under a prefix (default `corex`). */
export function nodeSubjects(prefix = 'corex'): NodeSubjects {
  if (!/^[a-z0-9_-]+$/.test(prefix)) throw new Error(`invalid subject prefix: ${JSON.stringify(prefix)}`);
  return { register: `${prefix}.node.v1.register` };
}
