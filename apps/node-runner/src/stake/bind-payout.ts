import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RequestError } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { buildBindPayoutMessage, nodeSubjects, type BindPayoutReply } from '@corex/node-protocol';
import { NATS_USER_FILE, nodeConnectionOptions } from '../nats/node-connection';
import type { ChainTarget } from './chain-access';
import { StakeSetupError } from './chain-access';

export interface BindPayoutTarget {
  readonly natsUrl: string;
  readonly subjectPrefix: string;
  readonly timeoutMs: number;
}

/**
 * The node signs {nodeId, payout, chainId, stakingPool} with its ed25519 identity and asks the
 * staking service (signed request on `bind-payout`) to record it with StakingPool.bindPayout.
 * Connects as the node's own NATS user (issued at join) when it has one.
 */
export async function bindPayout(home: string, identity: { nodeId: string; seed: string }, payout: string, chain: ChainTarget, target: BindPayoutTarget): Promise<BindPayoutReply> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(payout)) throw new StakeSetupError('STAKE.ADDRESS_INVALID', `the payout address must be an 0x-prefixed 20-byte hex address, not ${JSON.stringify(payout)}`);
  const jwt = await readFile(path.join(home, NATS_USER_FILE), 'utf8').then((t) => t.trim(), () => undefined);
  const message = buildBindPayoutMessage({ nodeId: identity.nodeId, payout, chainId: chain.chainId, stakingPool: chain.contracts.stakingPool }, identity.seed);
  const subject = nodeSubjects(target.subjectPrefix).bindPayout;
  const nc = await connect({ servers: target.natsUrl, name: 'corex-node-runner', timeout: target.timeoutMs, noAsyncTraces: true, ...nodeConnectionOptions({ ...identity, jwt }) }).catch((err) => {
    throw new StakeSetupError('STAKE.NETWORK_UNREACHABLE', `cannot reach NATS at ${target.natsUrl}: ${(err as Error).message}`);
  });
  try {
    // Binding waits for the transaction to be mined: allow a few blocks beyond the usual timeout.
    const reply = await nc.request(subject, JSON.stringify(message), { timeout: target.timeoutMs * 4 }).catch((err: unknown) => {
      if (err instanceof RequestError && err.isNoResponders()) throw new StakeSetupError('STAKE.SERVICE_UNAVAILABLE', `no staking service is listening on ${subject}`);
      throw new StakeSetupError('STAKE.SERVICE_UNAVAILABLE', `no reply on ${subject}: ${(err as Error).message}`);
    });
    return reply.json<BindPayoutReply>();
  } finally {
    await nc.close();
  }
}
