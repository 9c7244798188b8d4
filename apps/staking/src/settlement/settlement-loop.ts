import type { DataSource } from 'typeorm';
import { NonceSigner, type ChainFromEnv } from '@corex/chain';
import { connectCorex, type CorexContracts } from '@corex/chain-contracts';
import {
  EpochClaimed,
  EpochClosed,
  EpochSettled,
  FragmentRewarded,
  subjects,
  type EpochClaimedData,
  type EpochClosedData,
  type EpochSettledData,
  type FragmentRewardedData,
  type StoredEvent,
} from '@corex/events';
import { followLog, WrongExpectedVersionError, type EventLog, type LogFollower } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import {
  decideClose,
  awaitingPayout,
  decideReward,
  epochDue,
  evolve,
  idToBytes32,
  initialSettlementState,
  proofIndex,
  rewardLeafValue,
  rewardTree,
  settlementInputTypes,
  sha256ToBytes32,
  type ClosedEpoch,
  type ModelRecord,
  type SettlementState,
} from '@corex/settlement';
import { recordedModelTx, recordModelArgs } from './model-records';
import { SettlementLock } from './settlement-lock';

export interface SettlementLoopOptions {
  log: EventLog;
  ds: DataSource;
  chain: ChainFromEnv;
  logger: Logger;
  stream: string;
  prefix: string;
  pollMs: number;
  /** Nodes per claimForMany transaction. */
  batchSize: number;
  now?: () => Date;
}

/**
 * The settlement, one writer at a time (Postgres advisory lock): folds the log from its start into
 * the pure settlement state (libs/settlement), rewards each completed fragment once
 * (`reward.<fragmentId>` written at version 0), closes due epochs (`epoch.<N>`: closed, then a
 * claimed event per mined batch, then settled) and carries each closed epoch to the chain through
 * the NonceSigner under deterministic intent ids (`post-root:<N>`, `anchor:<N>`,
 * `model:<weightsHash>`, `claim:<N>:<batch>`). Every step is re-entrant: after a crash, the log
 * says what was decided and the signer's outbox what was sent, so nothing is paid twice.
 */
export class SettlementLoop {
  private readonly state: SettlementState = initialSettlementState();
  private readonly contracts: CorexContracts;
  private readonly now: () => Date;
  private lock?: SettlementLock;
  private signer?: NonceSigner;
  private follower?: LogFollower;
  private caughtUp = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private working: Promise<void> = Promise.resolve();
  private running?: Promise<void>;

  constructor(private readonly o: SettlementLoopOptions) {
    this.contracts = connectCorex(o.chain.deployment.contracts, o.chain.provider);
    this.now = o.now ?? (() => new Date());
  }

  /** Waits for the lock in the background, then runs until close(). */
  start(): void {
    this.running = this.run().catch((err: unknown) => this.o.logger.error({ err }, 'settlement stopped'));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.follower?.stop();
    await this.running;
    await this.working.catch(() => undefined);
    await this.lock?.release();
  }

  private async run(): Promise<void> {
    const { chain, logger } = this.o;
    if (!chain.operator) throw new Error('settlement needs the operator key (COREX_OPERATOR_KEY or the local chain)');
    if (!(await this.lead())) return;
    logger.info({ operator: this.signer!.address }, 'settlement leader');
    const info = await this.o.log.jsm.streams.info(this.o.stream);
    if (info.state.messages === 0) this.caughtUp = true;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    if (this.closed) return;
    this.follower = followLog(this.o.log.js, { stream: this.o.stream, filter: `${this.o.prefix}.evt.>`, logger, name: 'settlement' }, (m) => {
      let event: StoredEvent['event'] | undefined;
      try {
        event = this.o.log.store.decode(m.data);
      } catch (err) {
        // An event this build cannot read (a newer type, a broken payload) is none of the settlement's inputs: skip it, do not stop paying.
        logger.warn({ err, seq: m.seq }, 'settlement skips an event it cannot decode');
      }
      if (event) this.fold({ seq: m.seq, event });
      if (!this.caughtUp && m.info.pending === 0) {
        this.caughtUp = true;
        logger.info({ seq: m.seq, rewards: this.state.rewards.size, openEpoch: this.state.openEpoch }, 'settlement caught up with the log');
      }
      if (this.caughtUp && m.info.pending === 0) this.kick();
    });
    await this.follower.done;
  }

  /**
   * Waits for the lock, then opens the signer; a database that refuses for now (restarting, out of
   * connections) is waited out, never the end of the settlement. False once closed.
   */
  private async lead(): Promise<boolean> {
    const { chain, ds, logger } = this.o;
    for (let failures = 0; !this.closed; ) {
      try {
        this.lock ??= (await SettlementLock.tryAcquire(ds, `corex-settlement:${this.o.prefix}`)) ?? undefined;
        if (this.lock) {
          this.signer = await NonceSigner.open({ ds, provider: chain.provider, wallet: chain.operator!, chainId: chain.deployment.chainId });
          return !this.closed;
        }
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ err, failures }, 'settlement cannot take the lead yet; retrying');
      }
      await new Promise((r) => setTimeout(r, this.o.pollMs * Math.min(2 ** failures, 50)));
    }
    return false;
  }

  private fold(stored: StoredEvent): void {
    if (settlementInputTypes.has(stored.event.type)) evolve(this.state, { type: stored.event.type, data: stored.event.data, time: stored.event.time });
  }

  /** Runs one round of work after the previous one; rounds never overlap. */
  private kick(): void {
    if (!this.caughtUp || this.closed) return;
    this.working = this.working
      .then(() => this.round())
      .catch((err: unknown) => this.o.logger.warn({ err }, 'settlement round failed; retrying'));
  }

  private async round(): Promise<void> {
    for (const pending of [...this.state.unrewarded.values()]) {
      if (this.closed) return;
      const reward = decideReward(this.state, pending);
      if (reward) await this.appendReward(reward);
    }
    for (const epoch of this.unsettled()) await this.settle(epoch);
    const epochLength = Number(await this.contracts.miningPool.epochLength());
    if (!this.closed && epochDue(this.state, this.now(), epochLength, await this.payoutArrived(epochLength))) {
      const close = decideClose(this.state, { now: this.now(), epochLength, payouts: await this.payouts(), batchSize: this.o.batchSize });
      await this.appendOnce(subjects.epoch(close.epoch), 0, { id: `epoch-closed:${close.epoch}`, type: EpochClosed.type, data: close });
      const epoch = this.state.epochs.get(close.epoch);
      if (epoch) await this.settle(epoch);
    }
  }

  private unsettled(): ClosedEpoch[] {
    return [...this.state.epochs.values()].filter((e) => !e.settled).sort((a, b) => a.epoch - b.epoch);
  }

  private async appendReward(reward: FragmentRewardedData): Promise<void> {
    await this.appendOnce(subjects.reward(reward.fragmentId), 0, { id: `reward:${reward.fragmentId}`, type: FragmentRewarded.type, data: reward });
  }

  /**
   * Appends at `expected` and folds what was stored; when the aggregate already moved on (an
   * earlier run wrote it), folds what the log holds instead.
   */
  private async appendOnce(subject: string, expected: number, event: { id: string; type: string; data: unknown }): Promise<void> {
    try {
      const { events } = await this.o.log.store.append(subject, [event], expected);
      for (const e of events) this.fold(e);
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError)) throw err;
      const { events } = await this.o.log.store.read(subject);
      for (const e of events) this.fold(e);
    }
  }

  private lastPayoutCheck = 0;

  /** Whether a node that earned without a payout has bound one (looked up at most once an epoch while no work is open). */
  private async payoutArrived(epochLength: number): Promise<boolean> {
    if (this.state.openSince || Date.now() - this.lastPayoutCheck < epochLength * 1_000) return false;
    this.lastPayoutCheck = Date.now();
    for (const nodeId of awaitingPayout(this.state)) {
      if (!/^0x0{40}$/i.test(await this.contracts.stakingPool.payoutOf(idToBytes32(nodeId)))) return true;
    }
    return false;
  }

  private async payouts(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const nodeId of this.state.earned.keys()) out.set(nodeId, await this.contracts.stakingPool.payoutOf(idToBytes32(nodeId)));
    return out;
  }

  /** Carries a closed epoch to the chain: root, anchor, model versions, every claim batch; then `settled`. */
  private async settle(epoch: ClosedEpoch): Promise<void> {
    const { miningPool, proofRegistry } = this.contracts;
    const n = epoch.epoch;
    let postRoot: string | null = null;
    const current = Number(await miningPool.currentEpoch());
    if (current < n) {
      if (current !== n - 1) throw new Error(`MiningPool is at epoch ${current}; epoch ${n} cannot be posted (another settler, or a log from another chain)`);
      postRoot = await this.send(`post-root:${n}`, miningPool, miningPool.interface.encodeFunctionData('postRoot', [n, epoch.rewardRoot, epoch.totalCumulative]));
    } else {
      const onChain = await miningPool.rootOf(n);
      if (onChain !== epoch.rewardRoot) throw new Error(`MiningPool holds root ${onChain} for epoch ${n}, the log ${epoch.rewardRoot}`);
      postRoot = await this.existing(`post-root:${n}`, miningPool, miningPool.interface.encodeFunctionData('postRoot', [n, epoch.rewardRoot, epoch.totalCumulative]));
    }
    let anchor: string | null = null;
    if (epoch.records.length > 0) {
      const anchorData = proofRegistry.interface.encodeFunctionData('anchorEpoch', [n, epoch.pocRoot, epoch.records.length]);
      const anchored = (await proofRegistry.anchorOf(n)).root;
      anchor = anchored === epoch.pocRoot ? await this.existing(`anchor:${n}`, proofRegistry, anchorData) : await this.send(`anchor:${n}`, proofRegistry, anchorData);
    }
    const models: string[] = [];
    for (const m of epoch.models) models.push(await this.recordModel(m));
    const proofOf = proofIndex(rewardTree(epoch.leaves));
    for (const [b, batch] of epoch.batches.entries()) {
      if (epoch.claimed.has(b)) continue;
      const leaves = batch.map((p) => rewardLeafValue(p));
      const data = miningPool.interface.encodeFunctionData('claimForMany', [
        leaves.map((l) => l[0]),
        leaves.map((l) => l[1]),
        leaves.map((l) => l[2]),
        leaves.map((l) => proofOf(l)),
      ]);
      const txHash = (await this.send(`claim:${n}:${b}`, miningPool, data))!;
      const claimed: EpochClaimedData = {
        epoch: n,
        batch: b,
        txHash,
        payments: batch.map((p) => ({ nodeId: p.nodeId, payout: p.payout, amount: p.amount.toString(), cumulative: p.cumulative.toString() })),
      };
      await this.appendToEpoch(n, { id: `epoch-claimed:${n}:${b}`, type: EpochClaimed.type, data: claimed });
    }
    const settled: EpochSettledData = {
      epoch: n,
      rewardRoot: epoch.rewardRoot,
      pocRoot: epoch.pocRoot,
      totalCumulative: epoch.totalCumulative.toString(),
      leaves: epoch.leaves.length,
      txHashes: { postRoot, anchor, models, claims: [...epoch.claimed.values()] },
      settledAt: this.now().toISOString(),
    };
    await this.appendToEpoch(n, { id: `epoch-settled:${n}`, type: EpochSettled.type, data: settled });
    this.o.logger.info({ epoch: n, leaves: epoch.leaves.length, batches: epoch.batches.length, totalCumulative: settled.totalCumulative }, 'epoch settled');
  }

  /** Records one model version (every accepted version of a training job); its transaction hash, also when an earlier run recorded it. */
  private async recordModel(m: ModelRecord): Promise<string> {
    const { proofRegistry } = this.contracts;
    const intentId = `model:${m.weightsHash}`;
    const data = proofRegistry.interface.encodeFunctionData('recordModel', recordModelArgs(m));
    const recorded = (await proofRegistry.modelOf(sha256ToBytes32(m.weightsHash))).recordedAt > 0n;
    if (!recorded) return this.send(intentId, proofRegistry, data);
    return (await this.existing(intentId, proofRegistry, data)) ?? (await recordedModelTx(proofRegistry, m.weightsHash, this.o.chain.deployment.deployedAtBlock));
  }

  /** Appends to `epoch.<N>` after whatever it holds; events already there (an earlier run) are folded, not repeated. */
  private async appendToEpoch(n: number, event: { id: string; type: string; data: unknown }): Promise<void> {
    const { version, events } = await this.o.log.store.read(subjects.epoch(n));
    if (events.some((e) => e.event.id === event.id)) {
      for (const e of events) this.fold(e);
      return;
    }
    await this.appendOnce(subjects.epoch(n), version, event);
  }

  /** Submits (or finds) the intent and waits until it is mined; its transaction hash. */
  private async send(intentId: string, to: { target: unknown }, data: string): Promise<string> {
    const signer = this.signer!;
    await signer.submit(intentId, { to: String(to.target), data });
    const mined = await signer.waitMined(intentId, 1);
    return mined.hash;
  }

  /** The hash of an intent already done on-chain, when this signer sent it (else null: done by an earlier deployment's run). */
  private async existing(intentId: string, to: { target: unknown }, data: string): Promise<string | null> {
    try {
      return await this.send(intentId, to, data);
    } catch {
      return null;
    }
  }
}
