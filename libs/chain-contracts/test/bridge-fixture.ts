import { ContractFactory, Wallet, type TransactionReceipt, type TransactionRequest } from 'ethers';
import type { VaaBody } from '@corex/wormhole';
import { startAnvil, type AnvilChain } from '../src/testing/anvil';
import { DEVNET_GUARDIAN_KEY, observedMessage, signedVaa } from '../src/testing/bridge-vaa';
import { loadArtifacts, type Artifacts } from '../src/build/compile';
import { deployWormholeCore } from '../src/wormhole-core';
import { connectBridge, deployBridgeContracts, universalAddress, type BridgeDeployment } from '../src/bridge-deploy';
import { CorexToken__factory, type CorexHub, type CorexPeerToken, type CorexToken, type TaskPortal } from '../src/generated';
import { CXT } from './fixture';

/** Dev accounts by role (the same addresses on both anvils). */
export const BRIDGE_ACCOUNT = { deployer: 0, bridge: 1, fees: 2, alice: 5, bob: 6, carol: 7 } as const;
export type BridgeRole = keyof typeof BRIDGE_ACCOUNT;
export const HOME_WH = 2;
export const BSC_WH = 4;
/** Inbound limits in the tests: 1,000 CXT a day, 500 CXT and more wait an hour. */
export const TEST_LIMITS = { dailyCap: CXT(1_000), largeTransferThreshold: CXT(500), largeTransferDelay: 3_600n };

export interface ChainSide {
  chain: AnvilChain;
  core: string;
  wallet(role: BridgeRole): Wallet;
  /** The message `receipt` published, observed and signed as the devnet guardian does. */
  observe(receipt: TransactionReceipt): Promise<VaaBody>;
}

export interface BridgeFixture {
  artifacts: Artifacts;
  deployment: BridgeDeployment;
  home: ChainSide & { hub(role: BridgeRole): CorexHub; portal(role: BridgeRole): TaskPortal; cxt(role: BridgeRole): CorexToken };
  bsc: ChainSide & { portal(role: BridgeRole): TaskPortal; token(role: BridgeRole): CorexPeerToken };
  sign: typeof signedVaa;
  stop(): Promise<void>;
}

/**
 * A dev wallet whose gas limits carry a 25 % margin: anvil's eth_estimateGas now and then comes out a few
 * thousand gas short for a receiveTransfer that queues (out of gas in the mined transaction).
 */
class PaddedWallet extends Wallet {
  override async estimateGas(tx: TransactionRequest): Promise<bigint> {
    return ((await super.estimateGas(tx)) * 5n) / 4n;
  }
}

async function side(chainId: number, wormholeChainId: number): Promise<ChainSide> {
  const chain = await startAnvil({ chainId });
  const guardian = new Wallet(DEVNET_GUARDIAN_KEY).address;
  const { address: core } = await deployWormholeCore(chain.wallet(0), { wormholeChainId, evmChainId: BigInt(chainId), guardians: [guardian] });
  const wallets = new Map<BridgeRole, Wallet>();
  const wallet = (role: BridgeRole): Wallet => {
    if (!wallets.has(role)) wallets.set(role, new PaddedWallet(chain.wallet(BRIDGE_ACCOUNT[role]).privateKey, chain.provider));
    return wallets.get(role)!;
  };
  return {
    chain,
    core,
    wallet,
    observe: (receipt) => observedMessage(receipt, core, wormholeChainId, chain.provider),
  };
}

/**
 * Two anvils (Ethereum as home, chain 1 / Wormhole 2; BSC, chain 56 / Wormhole 4), each with the real
 * Wormhole core and the devnet guardian; CXT and the bridge deployed; alice and bob hold 1,000,000 CXT at home.
 */
export async function startBridgeFixture(): Promise<BridgeFixture> {
  const [homeSide, bscSide] = await Promise.all([side(1, HOME_WH), side(56, BSC_WH)]);
  const artifacts = loadArtifacts();
  const deployer = homeSide.wallet('deployer');
  const { abi, bytecode } = artifacts.CorexToken;
  const cxt = await (await new ContractFactory(abi as never, bytecode, deployer).deploy(deployer.address, CXT(1_000_000_000))).waitForDeployment();
  const token = await cxt.getAddress();
  const deployment = await deployBridgeContracts({
    home: { signer: deployer, core: homeSide.core, token, bridge: homeSide.wallet('bridge').address, feeRecipient: homeSide.wallet('fees').address, rateLimits: TEST_LIMITS },
    remotes: [{ signer: bscSide.wallet('deployer'), core: bscSide.core, feeRecipient: bscSide.wallet('fees').address, rateLimits: TEST_LIMITS }],
    artifacts,
  });
  const home = deployment.home;
  const bsc = deployment.remotes[0];
  for (const user of ['alice', 'bob', 'bridge'] as const) {
    await (await CorexToken__factory.connect(token, deployer).transfer(homeSide.wallet(user).address, CXT(1_000_000))).wait();
  }
  return {
    artifacts,
    deployment,
    home: {
      ...homeSide,
      hub: (role) => connectBridge(home, homeSide.wallet(role)).hub!,
      portal: (role) => connectBridge(home, homeSide.wallet(role)).portal,
      cxt: (role) => CorexToken__factory.connect(token, homeSide.wallet(role)),
    },
    bsc: {
      ...bscSide,
      portal: (role) => connectBridge(bsc, bscSide.wallet(role)).portal,
      token: (role) => connectBridge(bsc, bscSide.wallet(role)).peerToken!,
    },
    sign: signedVaa,
    async stop() {
      await Promise.all([homeSide.chain.stop(), bscSide.chain.stop()]);
    },
  };
}

/** Sends and waits for the receipt. */
export async function mined(tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

export { CXT, universalAddress };
