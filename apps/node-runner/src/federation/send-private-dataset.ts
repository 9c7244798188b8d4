import { RequestError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { buildPrivateDatasetMessage, nodeSubjects, privateDatasetReplySchema, type PrivateDatasetBody, type PrivateDatasetReply } from '@corex/node-protocol';
import { nodeConnectionOptions, type NodeNatsAuth } from '../nats/node-connection';

export interface NetworkTarget {
  readonly natsUrl: string;
  readonly subjectPrefix: string;
  readonly timeoutMs: number;
}

/** What the message says of a dataset: its schema, size and the node's encryption key, nothing of its rows. */
export type DatasetAnnouncement = Pick<PrivateDatasetBody, 'action' | 'federation' | 'datasetName' | 'featureNames' | 'classNames' | 'rows' | 'encryptionKey'>;

/** A dataset command that could not be done, with a stable code (the CLI prints both). */
export class DatasetCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The network could not be asked (no NATS, no scheduler answering): nothing was recorded. */
const unreachable = (message: string) => new DatasetCommandError('RUNNER.NETWORK_UNREACHABLE', message);

/**
 * Sends the signed `private-dataset` message (register or withdraw) as the node's own NATS user
 * and returns the scheduler's reply.
 */
export async function sendPrivateDataset(announcement: DatasetAnnouncement, auth: NodeNatsAuth, target: NetworkTarget): Promise<PrivateDatasetReply> {
  const message = buildPrivateDatasetMessage({ ...announcement, nodeId: auth.nodeId }, auth.seed);
  const subject = nodeSubjects(target.subjectPrefix).privateDataset;
  const nc = await connect({ servers: target.natsUrl, name: 'corex-node-runner', timeout: target.timeoutMs, noAsyncTraces: true, ...nodeConnectionOptions(auth) }).catch((err: Error) => {
    throw unreachable(`cannot reach NATS at ${target.natsUrl}: ${err.message}`);
  });
  try {
    const reply = await nc.request(subject, JSON.stringify(message), { timeout: target.timeoutMs }).catch((err: unknown) => {
      if (err instanceof RequestError && err.isNoResponders()) throw unreachable(`no scheduler is listening on ${subject}`);
      throw unreachable(`no reply on ${subject}: ${(err as Error).message}`);
    });
    const parsed = privateDatasetReplySchema.safeParse(reply.json());
    if (!parsed.success) throw unreachable(`unexpected reply on ${subject}`);
    return parsed.data;
  } finally {
    await nc.close();
  }
}
