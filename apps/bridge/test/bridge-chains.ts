import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractFactory, Wallet, type TransactionReceipt } from 'ethers';
import {
  connectBridge,
  CorexToken__factory,
  deployBridgeContracts,
  deployWormholeCore,
  loadArtifacts,
  universalAddress,
  type BridgeDeployment,
  type CorexPeerToken,
  type TaskPortal,
} from '@corex/chain-contracts';
import { startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { DEVNET_GUARDIAN_KEY, startDevnetGuardian, type DevnetGuardian } from '@corex/wormhole';

export const HOME_WH = 2;
export const BSC_WH = 4;
/** Dev accounts: 0 deploys, 2 receives the BSC portal's fees, 3 is the bridge, 5 is alice. */
export const ACCOUNTS = { deployer: 0, fees: 2, bridge: 3, alice: 5 } as const;
export const CXT = (n: number | bigint) => BigInt(n) * 10n ** 18n;

/** Two anvils (Ethereum 1 home, BSC 56) with the real Wormhole cores, CXT, the bridge contracts and the devnet guardian in process. */
export interface BridgeChains {
  home: AnvilChain;
  bsc: AnvilChain;
  deployment: BridgeDeployment;
  guardian: DevnetGuardian;
  /** The deployment file the bridge reads (chains, wormhole). */
  deploymentFile: string;
  bridgeKey: string;
  feeRecipient: string;
  /** alice's BSC portal (she holds peer CXT approved to it) and the BSC peer token. */
  alicePortal: TaskPortal;
  bscToken: CorexPeerToken;
  stop(): Promise<void>;
}

async function mined(tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  return (await (await tx).wait())!;
}

export async function startBridgeChains(): Promise<BridgeChains> {
  const [home, bsc] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 56 })]);
  const guardianAddress = new Wallet(DEVNET_GUARDIAN_KEY).address;
  const homeCore = (await deployWormholeCore(home.wallet(0), { wormholeChainId: HOME_WH, evmChainId: 1n, guardians: [guardianAddress] })).address;
  const bscCore = (await deployWormholeCore(bsc.wallet(0), { wormholeChainId: BSC_WH, evmChainId: 56n, guardians: [guardianAddress] })).address;
  const artifacts = loadArtifacts();
  const deployer = home.wallet(ACCOUNTS.deployer);
  const cxt = await (await new ContractFactory(artifacts.CorexToken.abi as never, artifacts.CorexToken.bytecode, deployer).deploy(deployer.address, CXT(1_000_000_000))).waitForDeployment();
  const token = await cxt.getAddress();
  const bridge = home.wallet(ACCOUNTS.bridge);
  const feeRecipient = bsc.wallet(ACCOUNTS.fees).address;
  const deployment = await deployBridgeContracts({
    home: { signer: deployer, core: homeCore, token, bridge: bridge.address },
    remotes: [{ signer: bsc.wallet(ACCOUNTS.deployer), core: bscCore, feeRecipient }],
    artifacts,
  });
  const guardian = await startDevnetGuardian({
    chains: [
      { wormholeChainId: HOME_WH, rpcUrl: home.rpcUrl, coreAddress: homeCore, fromBlock: deployment.home.deployedAtBlock },
      { wormholeChainId: BSC_WH, rpcUrl: bsc.rpcUrl, coreAddress: bscCore, fromBlock: deployment.remotes[0].deployedAtBlock },
    ],
    port: 0,
    pollMs: 100,
  });
  const remote = deployment.remotes[0];
  const alice = bsc.wallet(ACCOUNTS.alice);
  const bscToken = connectBridge(remote, alice).peerToken!;
  await fundOnBsc(home, token, deployment, guardian, bscToken, alice.address);
  await mined(bscToken.approve(remote.portal, CXT(1_000)));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corex-bridge-'));
  const deploymentFile = path.join(dir, 'deployment.json');
  await writeFile(deploymentFile, JSON.stringify(deploymentJson(home, bsc, deployment, guardian.url)));
  return {
    home,
    bsc,
    deployment,
    guardian,
    deploymentFile,
    bridgeKey: bridge.privateKey,
    feeRecipient,
    alicePortal: connectBridge(remote, alice).portal,
    bscToken,
    stop: async () => {
      await guardian.close();
      await Promise.all([home.stop(), bsc.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** alice gets 1,000 CXT on BSC the way users do: locked at the hub, minted by the peer token from the guardian's VAA. */
async function fundOnBsc(home: AnvilChain, token: string, deployment: BridgeDeployment, guardian: DevnetGuardian, bscToken: CorexPeerToken, alice: string) {
  const deployer = home.wallet(ACCOUNTS.deployer);
  await mined(CorexToken__factory.connect(token, deployer).approve(deployment.home.hub, CXT(1_000)));
  const hub = connectBridge(deployment.home, deployer).hub!;
  const receipt = await mined(hub.sendTokens(BSC_WH, universalAddress(alice), CXT(1_000)));
  const sent = receipt.logs.map((l) => hub.interface.parseLog(l)).find((p) => p?.name === 'TokensSent')!;
  await guardian.catchUp();
  const vaa = guardian.signedVaa(HOME_WH, universalAddress(deployment.home.hub), sent.args.sequence as bigint)!;
  const tx = await bscToken.receiveTransfer(vaa, { gasLimit: 500_000n });
  await tx.wait();
}

function deploymentJson(home: AnvilChain, bsc: AnvilChain, d: BridgeDeployment, guardianApiUrl: string) {
  const remote = d.remotes[0];
  return {
    chains: [
      { name: 'ethereum', evmChainId: 1, wormholeChainId: HOME_WH, rpcUrl: home.rpcUrl, deployedAtBlock: d.home.deployedAtBlock, contracts: { wormholeCore: d.home.core, taskPortal: d.home.portal, hub: d.home.hub } },
      { name: 'bsc', evmChainId: 56, wormholeChainId: BSC_WH, rpcUrl: bsc.rpcUrl, deployedAtBlock: remote.deployedAtBlock, contracts: { wormholeCore: remote.core, taskPortal: remote.portal, peerToken: remote.peerToken } },
    ],
    wormhole: { guardianSetIndex: 0, guardians: [new Wallet(DEVNET_GUARDIAN_KEY).address], guardianApiUrl },
  };
}
