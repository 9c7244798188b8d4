import { RequestError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { joinConnectionOptions } from '../nats/node-connection';
import { nodeSubjects, registerReplySchema, type RegisterReply, type SignedNodeMessage } from '@corex/node-protocol';

export interface RegistrationTarget {
  natsUrl: string;
  subjectPrefix: string;
  timeoutMs: number;
  /** The shared join user's creds file on a secured network (`--creds`, COREX_NATS_CREDS). */
  credsFile?: string;
}

export class NetworkUnreachableError extends Error {}

/** Sends a signed register message and returns the network's (validated) reply. */
export async function requestRegistration(message: SignedNodeMessage, target: RegistrationTarget): Promise<RegisterReply> {
  const subject = nodeSubjects(target.subjectPrefix).register;
  const auth = await joinConnectionOptions(target.credsFile);
  const nc = await connect({ servers: target.natsUrl, name: 'corex-node-runner', timeout: target.timeoutMs, noAsyncTraces: true, ...auth }).catch((err) => {
    throw new NetworkUnreachableError(`cannot reach NATS at ${target.natsUrl}: ${(err as Error).message}`);
  });
  try {
    const reply = await nc.request(subject, JSON.stringify(message), { timeout: target.timeoutMs }).catch((err: unknown) => {
      if (err instanceof RequestError && err.isNoResponders()) {
        throw new NetworkUnreachableError(`no scheduler is listening on ${subject}`);
      }
      throw new NetworkUnreachableError(`no reply on ${subject}: ${(err as Error).message}`);
    });
    return registerReplySchema.parse(reply.json());
  } finally {
    await nc.close();
  }
}
