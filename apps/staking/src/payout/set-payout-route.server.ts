import type { Subscription } from '@nats-io/nats-core';
import { getAddress } from 'ethers';
import { decidePayoutRoute, evolvePayoutRoute, initialPayoutRouteState, type PayoutRouteChosenEvent } from '@corex/bridge-domain';
import type { ChainFromEnv, NonceSigner } from '@corex/chain';
import { connectCorex, nodeIdToBytes32 } from '@corex/chain-contracts';
import { subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { nodeErrorCodes, nodeSubjects, notJsonRefusal, verifySetPayoutRoute, type SetPayoutRouteReply } from '@corex/node-protocol';
import { CorexError, type Logger } from '@corex/platform';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface SetPayoutRouteDeps {
  log: EventLog;
  chain: ChainFromEnv | null;
  signer: NonceSigner | null;
  logger: Logger;
  prefix: string;
  /** The bridge operator's home address (COREX_BRIDGE_PAYOUT_ADDRESS): MiningPool pays it for remotely routed nodes. */
  bridgePayout?: string;
  isRegistered(nodeId: string): boolean | Promise<boolean>;
  now?: () => Date;
}

/**
 * Answers `set-payout-route` node messages (docs/node-protocol.md, "Payout route"): checks the
 * node's signature, that it is registered and the recipient's format for the chain (the bridge
 * domain's decidePayoutRoute), records PayoutRouteChosen, then binds the node's home payout with
 * StakingPool.bindPayout (intent `route-bind:<nodeId>:<payout>`): to the recipient for the home
 * chain, to the bridge operator for a remote one. Already bound there: nothing is sent.
 */
export class SetPayoutRouteServer {
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly d: SetPayoutRouteDeps) {}

  async start(): Promise<void> {
    const subject = nodeSubjects(this.d.prefix).setPayoutRoute;
    this.subscription = this.d.log.nc.subscribe(subject, {
      queue: 'staking',
      callback: (err, msg) => {
        if (err) return this.d.logger.error({ err, subject }, 'set-payout-route subscription failed');
        const done = this.handle(msg.data)
          .then((reply) => msg.respond(encoder.encode(JSON.stringify(reply))))
          .then(() => undefined)
          .catch((respondErr: unknown) => this.d.logger.warn({ err: respondErr }, 'could not answer a set-payout-route'))
          .finally(() => this.inFlight.delete(done));
        this.inFlight.add(done);
      },
    });
    await this.d.log.nc.flush();
  }

  async close(): Promise<void> {
    await this.subscription?.drain();
    await Promise.all(this.inFlight);
  }

  async handle(data: Uint8Array): Promise<SetPayoutRouteReply> {
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(data));
    } catch {
      const r = notJsonRefusal();
      return { ok: false, code: r.code, message: r.message };
    }
    const now = this.d.now?.() ?? new Date();
    const verified = verifySetPayoutRoute(message, { now });
    if (!verified.ok) return { ok: false, code: verified.code, message: verified.message };
    const { chain, signer } = this.d;
    if (!chain || !signer) return { ok: false, code: nodeErrorCodes.NO_CHAIN, message: 'this network has no chain, or its staking service holds no binder key' };
    const { nodeId, body } = verified;
    const remote = body.chain !== 'ethereum';
    if (remote && !this.d.bridgePayout) return { ok: false, code: nodeErrorCodes.NO_BRIDGE, message: 'this network runs no bridge: only the home chain (ethereum) can be chosen' };
    if (!(await this.d.isRegistered(nodeId))) return { ok: false, code: nodeErrorCodes.UNKNOWN_NODE, message: 'the node is not registered with this network' };
    try {
      await this.record({ kind: 'ChoosePayoutRoute', nodeId, targetChain: body.chain, recipient: body.recipient, messageHash: verified.hash, signature: verified.signature, now });
    } catch (err) {
      if (err instanceof CorexError && err.status === 400) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
    const homePayout = getAddress(remote ? this.d.bridgePayout! : body.recipient);
    try {
      const txHash = await this.bindHome(chain, signer, nodeId, homePayout, verified.hash);
      return { ok: true, nodeId, chain: body.chain, recipient: body.recipient, homePayout, ...(txHash ? { txHash } : {}) };
    } catch (err) {
      this.d.logger.error({ err, nodeId, homePayout }, 'bindPayout for a payout route failed');
      return { ok: false, code: nodeErrorCodes.UNAVAILABLE, message: `the home payout could not be bound on-chain: ${(err as Error).message.slice(0, 300)}` };
    }
  }

  /** Decides on the node's route aggregate and appends; a message already recorded appends nothing. */
  private async record(command: Parameters<typeof decidePayoutRoute>[0]): Promise<void> {
    const subject = subjects.payoutRoute(command.nodeId);
    const { version, events } = await this.d.log.store.read(subject);
    const state = events.reduce((s, e) => evolvePayoutRoute(s, e.event as unknown as PayoutRouteChosenEvent), initialPayoutRouteState());
    const decided = decidePayoutRoute(command, state);
    if (decided.length > 0) await this.d.log.store.append(subject, decided, version);
  }

  /** Binds the home payout unless it already is; the transaction's hash, or undefined when nothing was sent. */
  private async bindHome(chain: ChainFromEnv, signer: NonceSigner, nodeId: string, payout: string, hash: string): Promise<string | undefined> {
    const { stakingPool } = connectCorex(chain.deployment.contracts, chain.provider);
    const nodeKey = nodeIdToBytes32(nodeId);
    if (getAddress(await stakingPool.payoutOf(nodeKey)) === payout) return undefined;
    const intentId = `route-bind:${nodeId}:${payout}:${hash.slice(0, 16)}`;
    const tx = await stakingPool.bindPayout.populateTransaction(nodeKey, payout, `0x${hash}`);
    await signer.submit(intentId, { to: chain.deployment.contracts.stakingPool, data: tx.data });
    return (await signer.waitMined(intentId, 1, 60_000)).hash;
  }
}
