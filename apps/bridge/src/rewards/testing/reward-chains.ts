import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { createSolanaRpc } from '@solana/kit';
import { Wallet, type TransactionReceipt } from 'ethers';
import {
  connectBridge,
  connectCorex,
  deployBridgeContracts,
  deployCorex,
  deployWormholeCore,
  loadArtifacts,
  nodeIdToBytes32,
  universalAddress,
  type BridgeDeployment,
  type CorexDeployment,
  type CorexPeerToken,
  type RateLimits,
} from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { ensureCorexSolana, startSolanaDevnet, type CorexSolanaDeployment, type SolanaDevnet, type SolanaRpc } from '@corex/solana-devnet';
import { DEVNET_GUARDIAN_KEY, startDevnetGuardian, type DevnetGuardian } from '@corex/wormhole';

export const HOME_WH = 2;
export const ARBITRUM_WH = 23;
export const SOLANA_WH = 1;
/** Dev accounts: 0 deploys, 1 settles MiningPool, 3 is the bridge operator. */
export const ACCOUNTS = { deployer: 0, settler: 1, bridge: 3 } as const;
export const CXT = (n: number | bigint) => BigInt(n) * 10n ** 18n;

/** Arbitrum's peer token in these tests: 100 CXT a day; 1,000 CXT and more wait an hour. */
export const ARBITRUM_LIMITS: Partial<RateLimits> = { dailyCap: CXT(100), largeTransferThreshold: CXT(1_000), largeTransferDelay: 3_600n };

/** Ethereum home (chain 1) with Corex and the hub, Arbitrum (42161) with its peer token, the real cores, the guardian and the Solana devnet. */
export interface RewardChains {
  home: AnvilChain;
  arbitrum: AnvilChain;
  corex: CorexDeployment;
  bridge: BridgeDeployment;
  guardian: DevnetGuardian;
  solana: { devnet: SolanaDevnet; rpc: SolanaRpc; deployment: CorexSolanaDeployment; authorityFile: string };
  deploymentFile: string;
  bridgeKey: string;
  peerToken: CorexPeerToken;
  /** Posts the next epoch's root with these cumulative earnings (all paid to the bridge) and pays `paid` with claimFor. */
  payToBridge(cumulative: Map<string, bigint>, paid: string[]): Promise<void>;
  stop(): Promise<void>;
}

const mined = async (tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>) => (await (await tx).wait())!;

export async function startRewardChains(): Promise<RewardChains> {
  const [home, arbitrum] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 42161 })]);
  const guardianAddress = new Wallet(DEVNET_GUARDIAN_KEY).address;
  const homeCore = (await deployWormholeCore(home.wallet(0), { wormholeChainId: HOME_WH, evmChainId: 1n, guardians: [guardianAddress] })).address;
  const arbCore = (await deployWormholeCore(arbitrum.wallet(0), { wormholeChainId: ARBITRUM_WH, evmChainId: 42161n, guardians: [guardianAddress] })).address;
  const artifacts = loadArtifacts();
  const deployer = home.wallet(ACCOUNTS.deployer);
  const settler = home.wallet(ACCOUNTS.settler);
  const bridgeWallet = home.wallet(ACCOUNTS.bridge);
  const corex = await deployCorex(deployer, { settler: settler.address, anchor: settler.address, slasher: settler.address, binder: settler.address, artifacts });
  const bridge = await deployBridgeContracts({
    home: { signer: deployer, core: homeCore, token: corex.token, bridge: bridgeWallet.address },
    remotes: [{ signer: arbitrum.wallet(ACCOUNTS.deployer), core: arbCore, rateLimits: ARBITRUM_LIMITS }],
    artifacts,
  });
  // The hub sends to Solana once the bridge's Solana emitter is registered as the token peer of chain 1.
  await mined(connectBridge(bridge.home, deployer).hub!.setTokenPeer(SOLANA_WH, universalAddress(bridgeWallet.address)));
  const guardian = await startDevnetGuardian({
    chains: [{ wormholeChainId: HOME_WH, rpcUrl: home.rpcUrl, coreAddress: homeCore, fromBlock: bridge.home.deployedAtBlock }],
    port: 0,
    pollMs: 100,
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corex-rewards-'));
  const devnet = await startSolanaDevnet();
  const rpc = createSolanaRpc(devnet.url) as SolanaRpc;
  const authorityFile = path.join(dir, 'solana-authority.json');
  const { deployment: solanaDeployment } = await ensureCorexSolana(rpc, authorityFile);
  const deploymentFile = path.join(dir, 'deployment.json');
  await writeFile(deploymentFile, JSON.stringify(deploymentJson(home, arbitrum, corex, bridge, guardian.url, devnet.url, solanaDeployment)));

  // The pool is funded by a customer's deposit; each epoch's root pays the bridge for routed nodes.
  const pool = connectCorex(corex, settler).miningPool;
  await mined(connectCorex(corex, deployer).token.approve(corex.miningPool, CXT(1_000_000)));
  await mined(connectCorex(corex, deployer).miningPool.deposit(nodeIdToBytes32('customer'), CXT(1_000_000)));
  let epoch = 0n;
  const payToBridge = async (cumulative: Map<string, bigint>, paid: string[]) => {
    const leaves = [...cumulative].map(([nodeId, amount]) => [nodeIdToBytes32(nodeId), bridgeWallet.address, amount] as [string, string, bigint]);
    const tree = StandardMerkleTree.of(leaves, ['bytes32', 'address', 'uint256']);
    epoch += 1n;
    await mined(pool.postRoot(epoch, tree.root, leaves.reduce((s, l) => s + l[2], 0n)));
    for (const nodeId of paid) {
      const i = leaves.findIndex((l) => l[0] === nodeIdToBytes32(nodeId));
      await mined(pool.claimFor(leaves[i][0], bridgeWallet.address, leaves[i][2], tree.getProof(i)));
    }
  };
  return {
    home,
    arbitrum,
    corex,
    bridge,
    guardian,
    solana: { devnet, rpc, deployment: solanaDeployment, authorityFile },
    deploymentFile,
    bridgeKey: bridgeWallet.privateKey,
    peerToken: connectBridge(bridge.remotes[0], arbitrum.provider).peerToken!,
    payToBridge,
    stop: async () => {
      await guardian.close();
      await devnet.close();
      await Promise.all([home.stop(), arbitrum.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function deploymentJson(home: AnvilChain, arb: AnvilChain, corex: CorexDeployment, d: BridgeDeployment, guardianApiUrl: string, solanaRpc: string, solana: CorexSolanaDeployment) {
  const remote = d.remotes[0];
  return {
    chainId: 1,
    rpcUrl: home.rpcUrl,
    deployedAtBlock: corex.deployedAtBlock,
    contracts: { token: corex.token, stakingPool: corex.stakingPool, miningPool: corex.miningPool, proofRegistry: corex.proofRegistry, governor: corex.governor, timelock: corex.timelock },
    chains: [
      { name: 'ethereum', evmChainId: 1, wormholeChainId: HOME_WH, rpcUrl: home.rpcUrl, deployedAtBlock: d.home.deployedAtBlock, contracts: { wormholeCore: d.home.core, taskPortal: d.home.portal, hub: d.home.hub } },
      { name: 'arbitrum', evmChainId: 42161, wormholeChainId: ARBITRUM_WH, rpcUrl: arb.rpcUrl, deployedAtBlock: remote.deployedAtBlock, contracts: { wormholeCore: remote.core, taskPortal: remote.portal, peerToken: remote.peerToken } },
    ],
    wormhole: { guardianSetIndex: 0, guardians: [new Wallet(DEVNET_GUARDIAN_KEY).address], guardianApiUrl },
    solana: { rpcUrl: solanaRpc, mint: solana.mint, escrow: solana.escrow, authority: solana.authority },
  };
}
