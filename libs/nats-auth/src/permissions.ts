import { blobBucketName, taskBucketName, uploadSubjects } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';

/** A NATS user's subject permissions, as they go into its user JWT. */
export interface SubjectPermissions {
  pub: { allow: string[]; deny?: string[] };
  sub: { allow: string[] };
}

/**
 * Inbox prefix of the shared join user. Distinct from `_INBOX` so that the join user, which every
 * node holds, can never subscribe to a node's inbox (where its assignments arrive).
 */
export const JOIN_INBOX_PREFIX = '_INBOX_JOIN';

/** The inbox prefix a node connects with (`inboxPrefix` of the client): only it may subscribe there. */
export function nodeInboxPrefix(nodeId: string): string {
  return `_INBOX.${nodeId}`;
}

/**
 * What a node may do, and nothing else: send its own protocol requests, read sealed task blobs
 * by name (the subject form of direct get on the task bucket: metadata, then the chunk it names),
 * store its own uploads, and receive replies on its own inbox. No event subjects, no stream or
 * consumer API, nothing at all of the blob bucket (tenant data). nats-server 2.9 honours a
 * literal `*`/`>` inside a permitted subject, so `….M.>` returns the task bucket's newest
 * object: ciphertext, whose key only the assigned node is given (docs/adr/0006).
 */
export function nodePermissions(prefix: string, nodeId: string): SubjectPermissions {
  const s = nodeSubjects(prefix);
  const bucket = taskBucketName(prefix);
  const directGet = `$JS.API.DIRECT.GET.OBJ_${bucket}.$O.${bucket}`;
  return {
    pub: {
      allow: [
        ...[s.register, s.work, s.commit, s.result, s.release, s.heartbeat, s.leave, s.bindPayout, s.setPayoutRoute, s.challenge, s.challengeResult, s.privateDataset],
        `${directGet}.M.*`,
        `${directGet}.C.*`,
        `${uploadSubjects(prefix).of(nodeId)}.>`,
      ],
    },
    sub: { allow: [`${nodeInboxPrefix(nodeId)}.>`] },
  };
}

/**
 * The node permissions as a scoped signing key's template: the server puts each user's subject
 * (its node id) in place of `{{subject()}}`, so a key that issues node users can issue nothing else.
 */
export function nodePermissionsTemplate(prefix: string): SubjectPermissions {
  return nodePermissions(prefix, NODE_ID_TEMPLATE);
}

/** nats-server's template for the user's subject (verified on 2.9.10). */
export const NODE_ID_TEMPLATE = '{{subject()}}';

/** The shared bootstrap user: it may only ask to register, and hear the answer on its own inbox namespace. */
export function joinPermissions(prefix: string): SubjectPermissions {
  return { pub: { allow: [nodeSubjects(prefix).register] }, sub: { allow: [`${JOIN_INBOX_PREFIX}.>`] } };
}

/** Service users held to their own aggregates (single writer per subject, libs/events trust.ts); the others may use every subject. */
export const SCOPED_SERVICES = ['verifier', 'reputation', 'bridge'] as const;

/**
 * What a scoped service may do: the JetStream API to declare and read the stream and read buckets
 * (not to delete or purge anything), acks and flow control, replies on its inbox, and publish
 * events only under its own aggregates:
 *  - verifier: `verification.>` and `challenge.>`; it serves the nodes' `challenge` and
 *    `challenge-result` requests and reads the blob bucket (object reads are JetStream API calls);
 *  - reputation: `reputation.>`; it listens to the nodes' heartbeats;
 *  - bridge: `cross-chain-task.>` and `reward-transfer.>`, and stores task specs in the blob bucket
 *    (it creates jobs through the marketplace API, as a customer, never by writing job events).
 * Publishing to the blob bucket (`$O.…`) or to any other aggregate is refused by the server.
 */
export function servicePermissions(service: string, prefix: string): SubjectPermissions {
  const s = nodeSubjects(prefix);
  const evt = (kind: string) => `${prefix}.evt.${kind}.>`;
  const base = {
    pub: ['$JS.API.>', '$JS.ACK.>', '$JS.FC.>', '_INBOX.>'],
    deny: ['$JS.API.STREAM.DELETE.>', '$JS.API.STREAM.PURGE.>', '$JS.API.STREAM.MSG.DELETE.>', '$JS.API.STREAM.RESTORE.>'],
    sub: ['_INBOX.>'],
  };
  switch (service) {
    case 'verifier':
      return { pub: { allow: [...base.pub, evt('verification'), evt('challenge')], deny: base.deny }, sub: { allow: [...base.sub, s.challenge, s.challengeResult] } };
    case 'reputation':
      return { pub: { allow: [...base.pub, evt('reputation')], deny: base.deny }, sub: { allow: [...base.sub, s.heartbeat] } };
    case 'bridge':
      return { pub: { allow: [...base.pub, evt('cross-chain-task'), evt('reward-transfer'), `$O.${blobBucketName(prefix)}.>`], deny: base.deny }, sub: { allow: base.sub } };
    default:
      return { pub: { allow: ['>'] }, sub: { allow: ['>'] } };
  }
}
