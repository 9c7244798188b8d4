import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RequestError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { buildSetPayoutRouteMessage, isPayoutRecipientShape, nodeSubjects, payoutRouteChains, type PayoutRouteChain, type SetPayoutRouteReply } from '@corex/node-protocol';
import { NATS_USER_FILE, nodeConnectionOptions } from '../nats/node-connection';
import type { BindPayoutTarget } from './bind-payout';
import { StakeSetupError } from './chain-access';

/**
 * The node signs {chain, recipient} with its ed25519 identity and asks the staking service (signed
 * request on `set-payout-route`) to route its rewards there: recorded, and for a remote chain the
 * home payout bound to the bridge, which forwards every payment.
 */
export async function setPayoutRoute(
  home: string,
  identity: { nodeId: string; seed: string },
  route: { chain?: string; recipient?: string },
  target: BindPayoutTarget,
): Promise<SetPayoutRouteReply> {
  const chain = route.chain as PayoutRouteChain;
  if (!payoutRouteChains.includes(chain)) throw new StakeSetupError('STAKE.CHAIN_INVALID', `--chain must be one of ${payoutRouteChains.join(', ')}, not ${JSON.stringify(route.chain ?? '')}`);
  const recipient = route.recipient ?? '';
  if (!isPayoutRecipientShape(chain, recipient)) {
    const wanted = chain === 'solana' ? 'a Solana address (base58)' : 'an 0x-prefixed 20-byte hex address';
    throw new StakeSetupError('STAKE.ADDRESS_INVALID', `--recipient on ${chain} must be ${wanted}, not ${JSON.stringify(recipient)}`);
  }
  const jwt = await readFile(path.join(home, NATS_USER_FILE), 'utf8').then((t) => t.trim(), () => undefined);
  const message = buildSetPayoutRouteMessage({ nodeId: identity.nodeId, chain, recipient }, identity.seed);
  const subject = nodeSubjects(target.subjectPrefix).setPayoutRoute;
  const nc = await connect({ servers: target.natsUrl, name: 'corex-node-runner', timeout: target.timeoutMs, noAsyncTraces: true, ...nodeConnectionOptions({ ...identity, jwt }) }).catch((err) => {
    throw new StakeSetupError('STAKE.NETWORK_UNREACHABLE', `cannot reach NATS at ${target.natsUrl}: ${(err as Error).message}`);
  });
  try {
    // The home binding waits for its transaction to be mined: allow a few blocks beyond the usual timeout.
    const reply = await nc.request(subject, JSON.stringify(message), { timeout: target.timeoutMs * 4 }).catch((err: unknown) => {
      if (err instanceof RequestError && err.isNoResponders()) throw new StakeSetupError('STAKE.SERVICE_UNAVAILABLE', `no staking service is listening on ${subject}`);
      throw new StakeSetupError('STAKE.SERVICE_UNAVAILABLE', `no reply on ${subject}: ${(err as Error).message}`);
    });
    return reply.json<SetPayoutRouteReply>();
  } finally {
    await nc.close();
  }
}
