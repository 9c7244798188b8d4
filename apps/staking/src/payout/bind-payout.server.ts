import type { Subscription } from '@nats-io/nats-core';
import { getAddress } from 'ethers';
import type { ChainFromEnv, NonceSigner } from '@corex/chain';
import { connectCorex, nodeIdToBytes32 } from '@corex/chain-contracts';
import type { EventLog } from '@corex/eventstore';
import { nodeErrorCodes, nodeSubjects, notJsonRefusal, verifyBindPayout, type BindPayoutReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface BindPayoutDeps {
  log: EventLog;
  chain: ChainFromEnv | null;
  signer: NonceSigner | null;
  logger: Logger;
  prefix: string;
  /** Whether a node id is registered (the ingest's id keys). */
  isRegistered(nodeId: string): boolean | Promise<boolean>;
  now?: () => Date;
}

/**
 * Answers `bind-payout` node messages (docs/node-protocol.md, "Bind payout"): checks the node's
 * ed25519 signature over {nodeId, payout, chainId, stakingPool}, that the chain and pool are this
 * network's and that the node is registered, then calls `StakingPool.bindPayout` through the
 * nonce-managed signer (intent `bind:<nodeId>:<payout>`; a resent binding answers the same
 * transaction) and answers once it is mined.
 */
export class BindPayoutServer {
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly d: BindPayoutDeps) {}

  async start(): Promise<void> {
    const subject = nodeSubjects(this.d.prefix).bindPayout;
    this.subscription = this.d.log.nc.subscribe(subject, {
      queue: 'staking',
      callback: (err, msg) => {
        if (err) return this.d.logger.error({ err, subject }, 'bind-payout subscription failed');
        const done = this.handle(msg.data)
          .then((reply) => {
            msg.respond(encoder.encode(JSON.stringify(reply)));
          })
          .catch((respondErr: unknown) => this.d.logger.warn({ err: respondErr }, 'could not answer a bind-payout'))
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

  /** The intent's mined transaction, if the signer has this intent. */
  private async minedIntent(signer: NonceSigner, intentId: string): Promise<{ hash: string } | undefined> {
    try {
      return await signer.waitMined(intentId, 1, 60_000);
    } catch (err) {
      if ((err as { code?: string }).code === 'CHAIN.INTENT_UNKNOWN') return undefined;
      throw err;
    }
  }

  async handle(data: Uint8Array): Promise<BindPayoutReply> {
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(data));
    } catch {
      const r = notJsonRefusal();
      return { ok: false, code: r.code, message: r.message };
    }
    const verified = verifyBindPayout(message, { now: this.d.now?.() ?? new Date() });
    if (!verified.ok) return { ok: false, code: verified.code, message: verified.message };
    const { chain, signer } = this.d;
    if (!chain || !signer) return { ok: false, code: nodeErrorCodes.NO_CHAIN, message: 'this network has no chain, or its staking service holds no binder key' };
    const { body, nodeId } = verified;
    const pool = chain.deployment.contracts.stakingPool;
    if (body.chainId !== chain.deployment.chainId || getAddress(body.stakingPool) !== getAddress(pool)) {
      return { ok: false, code: nodeErrorCodes.WRONG_NETWORK, message: `this network's chain is ${chain.deployment.chainId} with StakingPool ${pool} (GET /v1/network)` };
    }
    if (!(await this.d.isRegistered(nodeId))) return { ok: false, code: nodeErrorCodes.UNKNOWN_NODE, message: 'the node is not registered with this network' };
    const payout = getAddress(body.payout);
    const nodeKey = nodeIdToBytes32(nodeId);
    const { stakingPool } = connectCorex(chain.deployment.contracts, chain.provider);
    let intentId = `bind:${nodeId}:${payout}`;
    try {
      const known = await this.minedIntent(signer, intentId);
      if (known) {
        // Already bound by this intent (a resent binding): answer with its transaction, send nothing.
        if (getAddress(await stakingPool.payoutOf(nodeKey)) === payout) {
          const sent = await chain.provider.getTransaction(known.hash);
          const proofHash = sent ? String(stakingPool.interface.decodeFunctionData('bindPayout', sent.data)[2]) : `0x${verified.hash}`;
          return { ok: true, nodeId, payout, txHash: known.hash, proofHash };
        }
        // Bound elsewhere since: binding back to this address is a new intent of this message.
        intentId = `${intentId}:${verified.hash.slice(0, 16)}`;
      }
      const proofHash = `0x${verified.hash}`;
      const tx = await stakingPool.bindPayout.populateTransaction(nodeKey, payout, proofHash);
      await signer.submit(intentId, { to: pool, data: tx.data });
      const mined = await signer.waitMined(intentId, 1, 60_000);
      return { ok: true, nodeId, payout, txHash: mined.hash, proofHash };
    } catch (err) {
      this.d.logger.error({ err, nodeId, payout }, 'bindPayout failed');
      return { ok: false, code: nodeErrorCodes.UNAVAILABLE, message: `the binding could not be recorded on-chain: ${(err as Error).message.slice(0, 300)}` };
    }
  }
}
