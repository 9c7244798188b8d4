import { createHash } from 'node:crypto';
import { createUser } from '@nats-io/nkeys';
import { generateKeyPairSigner, type Address } from '@solana/kit';
import { Wallet } from 'ethers';
import type { DataSource } from 'typeorm';
import { decidePayoutRoute, initialPayoutRouteState } from '@corex/bridge-domain';
import { CorexHub__factory, MiningPool__factory } from '@corex/chain-contracts';
import { RewardTransferDelivered, RewardTransferHeld, RewardTransferPublished, RewardTransferQueued, subjects, type RewardTransferQueuedData } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createLogger } from '@corex/platform';
import { openDataSource } from '@corex/projections';
import { associatedTokenAddress, loadCorexSolanaKeys } from '@corex/solana-devnet';
import { fetchSignedVaa } from '@corex/wormhole';
import { createTestDatabase, disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { until } from '../../../../test/support/until';
import { bridgeConfigSchema, type BridgeConfig } from '../config';
import { bridgeMigrations } from '../infrastructure/migrations';
import { openBridgeNetwork, type BridgeNetwork } from '../network/bridge-network';
import { EvmDelivery } from './evm-delivery';
import { HubSender } from './hub-sender';
import { RewardIntake } from './reward-intake';
import { RewardLedger } from './reward-ledger';
import { openRewardsRunner } from './rewards.module';
import type { RewardsRunner } from './rewards-runner';
import { RouteBook } from './route-book';
import { SolanaDelivery } from './solana-delivery';
import { ARBITRUM_WH, CXT, startRewardChains, type RewardChains } from './testing/reward-chains';

jest.setTimeout(180_000);

const logger = createLogger('bridge', 'silent');
/** Solana's off-chain limit in these tests: 10 CXT a day. */
const SOLANA_ENV = { COREX_BRIDGE_SOLANA_DAILY_CAP_WEI: CXT(10).toString(), COREX_BRIDGE_SOLANA_LARGE_TRANSFER_WEI: CXT(1_000).toString() };
const DAY_MS = 86_400_000;

describe('bridge rewards: MiningPool pays the bridge, the bridge carries each reward to the chain the node chose (anvils 1 and 42161, real cores, guardian, LiteSVM)', () => {
  let chains: RewardChains;
  let log: EventLog;
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let config: BridgeConfig;
  let network: BridgeNetwork;
  let runner: RewardsRunner;
  /** The Solana limiter's clock (the EVM limits run on the chains' clocks). */
  let clock = new Date();
  const cumulative = new Map<string, bigint>();

  const openRunner = async () => {
    const r = (await openRewardsRunner(config, network, log, logger, { env: SOLANA_ENV, now: () => clock }))!;
    await r.resume();
    return r;
  };

  beforeAll(async () => {
    chains = await startRewardChains();
    log = await openTestLog('test', 'rewards');
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url, migrations: bridgeMigrations, migrationsTableName: 'bridge_migrations' });
    config = bridgeConfigSchema.parse({
      NATS_URL,
      COREX_STREAM: log.store.names.stream,
      COREX_SUBJECT_PREFIX: log.store.names.prefix,
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      COREX_DEPLOYMENT_FILE: chains.deploymentFile,
      COREX_BRIDGE_KEY: chains.bridgeKey,
      COREX_SOLANA_AUTHORITY_FILE: chains.solana.authorityFile,
      COREX_CHAIN_CONFIRMATIONS: '0',
      COREX_GUARDIAN_TIMEOUT_MS: '30000',
    });
    network = await openBridgeNetwork(config, ds);
    runner = await openRunner();
  }, 180_000);

  afterAll(async () => {
    network?.close();
    await ds?.destroy();
    await chains?.stop();
    if (log) await disposeTestLog(log);
    await db?.drop();
  });

  /** A registered node's signed route, as the staking service records it (chosen a minute ago). */
  async function routedNode(chain: string, recipient: string): Promise<string> {
    const nodeId = createUser().getPublicKey();
    const messageHash = createHash('sha256').update(`${nodeId}:${chain}:${recipient}`).digest('hex');
    const now = new Date(Date.now() - 60_000);
    const events = decidePayoutRoute({ kind: 'ChoosePayoutRoute', nodeId, targetChain: chain, recipient, messageHash, signature: 'signed-by-the-node', now }, initialPayoutRouteState());
    await log.store.append(subjects.payoutRoute(nodeId), events, 0);
    return nodeId;
  }

  /** MiningPool pays the bridge `amount` more for the node (a new epoch's root and claimFor). */
  async function earn(nodeId: string, amount: bigint): Promise<void> {
    cumulative.set(nodeId, (cumulative.get(nodeId) ?? 0n) + amount);
    await chains.payToBridge(cumulative, [nodeId]);
  }

  /** The node's transfers as the log has them, with their last event type. */
  async function transfersOf(nodeId: string, ledger = new RewardLedger(log)) {
    const out: { transferId: string; amount: bigint; types: string[] }[] = [];
    for (const id of await ledger.transferIds()) {
      const { events } = await ledger.load(id);
      const queued = events.find((e) => e.type === RewardTransferQueued.type)?.data as RewardTransferQueuedData;
      if (queued.nodeId === nodeId) out.push({ transferId: id, amount: BigInt(queued.amount), types: events.map((e) => e.type) });
    }
    return out;
  }

  /** Polls the runner until the node's transfers all reached `type`. */
  const pollUntil = (nodeId: string, type: string, r = runner) =>
    until(async () => {
      await r.poll();
      const transfers = await transfersOf(nodeId);
      return transfers.length > 0 && transfers.every((t) => t.types.includes(type)) ? transfers : undefined;
    }, `${nodeId}'s reward transfers ${type}`, 120_000);

  const splBalance = async (owner: Address): Promise<bigint> => {
    const account = await associatedTokenAddress(owner, chains.solana.deployment.mint);
    return chains.solana.rpc
      .getTokenAccountBalance(account)
      .send()
      .then((r) => BigInt(r.value.amount), () => 0n);
  };

  it('carries a reward paid to the bridge for a node routed to Arbitrum: peer CXT arrives at the recipient', async () => {
    const recipient = Wallet.createRandom().address;
    const nodeId = await routedNode('arbitrum', recipient);
    await earn(nodeId, CXT(40));
    const [transfer] = await pollUntil(nodeId, RewardTransferDelivered.type);
    expect(transfer.types).toEqual([RewardTransferQueued.type, RewardTransferPublished.type, RewardTransferDelivered.type]);
    expect(await chains.peerToken.balanceOf(recipient)).toBe(CXT(40));
  });

  it('carries a reward for a node routed to Solana as whole SPL units (9 decimals), the dust carried', async () => {
    const owner = (await generateKeyPairSigner()).address;
    const nodeId = await routedNode('solana', owner);
    await earn(nodeId, CXT(7) + CXT(1) / 2n + 123n);
    const [transfer] = await pollUntil(nodeId, RewardTransferDelivered.type);
    expect(transfer.amount).toBe(CXT(7) + CXT(1) / 2n);
    expect(await splBalance(owner)).toBe(7_500_000_000n);
  });

  it('queues an outflow over the 24 h cap instead of minting it: on the Arbitrum peer token, and off-chain for Solana; both released later', async () => {
    // Arbitrum: 40 of the 100 CXT a day are spent; 80 more wait on the peer token.
    const recipient = Wallet.createRandom().address;
    const evmNode = await routedNode('arbitrum', recipient);
    await earn(evmNode, CXT(80));
    const [evmHeld] = await pollUntil(evmNode, RewardTransferHeld.type);
    expect(evmHeld.types).not.toContain(RewardTransferDelivered.type);
    expect(await chains.peerToken.balanceOf(recipient)).toBe(0n);
    expect((await chains.peerToken.queued(evmHeld.transferId)).amount).toBe(CXT(80));

    // Solana: 7.5 of the 10 CXT a day are spent; 5 more are held by the bridge.
    const owner = (await generateKeyPairSigner()).address;
    const solanaNode = await routedNode('solana', owner);
    await earn(solanaNode, CXT(5));
    await pollUntil(solanaNode, RewardTransferHeld.type);
    expect(await splBalance(owner)).toBe(0n);

    await chains.arbitrum.increaseTime(86_400);
    clock = new Date(clock.getTime() + DAY_MS);
    await pollUntil(evmNode, RewardTransferDelivered.type);
    await pollUntil(solanaNode, RewardTransferDelivered.type);
    expect(await chains.peerToken.balanceOf(recipient)).toBe(CXT(80));
    expect(await splBalance(owner)).toBe(5_000_000_000n);
  });

  it('pays once after crashes between sending and recording, and between delivering and recording: the restarted bridge resumes from the log', async () => {
    const hub = CorexHub__factory.connect(network.home.hub, network.home.provider);
    const lockedBefore = await hub.lockedFor(ARBITRUM_WH);
    const [deliveredTo, sentTo, owner] = [Wallet.createRandom().address, Wallet.createRandom().address, (await generateKeyPairSigner()).address];
    const deliveredNode = await routedNode('arbitrum', deliveredTo);
    const sentNode = await routedNode('arbitrum', sentTo);
    const mintedNode = await routedNode('solana', owner);
    cumulative.set(deliveredNode, CXT(6));
    cumulative.set(sentNode, CXT(4));
    cumulative.set(mintedNode, CXT(2));
    await chains.payToBridge(cumulative, [deliveredNode, sentNode, mintedNode]);

    // The crashed bridge queued all three and sent them on the hub; it recorded the Arbitrum one and the
    // Solana one as published, delivered them (receiveTransfer, the SPL mint) without recording that, and stopped.
    const ledger = new RewardLedger(log);
    const miningPool = MiningPool__factory.connect(chains.corex.miningPool, network.home.provider);
    const intake = new RewardIntake({ miningPool, provider: network.home.provider, operator: network.home.signer.address, fromBlock: chains.corex.deployedAtBlock, confirmations: 0, routes: new RouteBook(log), ledger, logger });
    await intake.scan();
    const [[delivered], [sent], [minted]] = [await transfersOf(deliveredNode), await transfersOf(sentNode), await transfersOf(mintedNode)];
    const sender = new HubSender(network);
    const keys = await loadCorexSolanaKeys(chains.solana.authorityFile);
    const solana = new SolanaDelivery({ rpc: chains.solana.rpc, ...keys, limits: { dailyCap: CXT(10), largeTransferThreshold: CXT(1_000), largeTransferDelay: 3_600 } });
    for (const t of [delivered, sent, minted]) {
      const { state } = await ledger.load(t.transferId);
      const transfer = (state as { transfer: Parameters<HubSender['send']>[0] }).transfer;
      const published = await sender.send(transfer);
      if (t === sent) continue;
      await ledger.decide(t.transferId, { kind: 'RecordTransferPublished', ...published, now: new Date() });
      if (t === minted) {
        expect(await solana.deliver(transfer, clock)).toMatchObject({ kind: 'delivered' });
        continue;
      }
      const vaa = await fetchSignedVaa(network.guardianApiUrl, network.home.wormholeChainId, network.home.hub, BigInt(published.sequence));
      expect(await new EvmDelivery(network.chains[1]).deliver(t.transferId, vaa)).toMatchObject({ kind: 'delivered' });
    }

    const restarted = await openRunner();
    for (const nodeId of [deliveredNode, sentNode, mintedNode]) expect(await pollUntil(nodeId, RewardTransferDelivered.type, restarted)).toHaveLength(1);
    expect(await chains.peerToken.balanceOf(deliveredTo)).toBe(CXT(6));
    expect(await chains.peerToken.balanceOf(sentTo)).toBe(CXT(4));
    expect(await splBalance(owner)).toBe(2_000_000_000n);
    expect(await hub.lockedFor(ARBITRUM_WH)).toBe(lockedBefore + CXT(10));
    expect(await chains.peerToken.queryFilter(chains.peerToken.filters.TransferReceived(delivered.transferId))).toHaveLength(1);
    // Found on the peer token, not sent again: the Delivered record carries no transaction of its own.
    const { events } = await ledger.load(delivered.transferId);
    expect(events.find((e) => e.type === RewardTransferDelivered.type)?.data).not.toHaveProperty('txHash');
  });
});
