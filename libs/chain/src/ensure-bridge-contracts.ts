import type { JsonRpcProvider, Signer } from 'ethers';
import { deployBridgeContracts } from '@corex/chain-contracts';
import { contractsAnswer, type BridgeChain } from './deployment';

export interface BridgeContractsTarget {
  chain: BridgeChain;
  provider: JsonRpcProvider;
  deployer?: Signer;
}

export interface BridgeContractsOptions {
  /** Home first, each with its Wormhole core recorded. */
  targets: BridgeContractsTarget[];
  /** CXT on the home chain: the hub locks it, the home portal takes escrow in it. */
  token: string;
  /** Gets CorexHub's BRIDGE_ROLE (publishes statuses, sends rewards): the services' operator. */
  bridge: string;
}

/**
 * The chains with their bridge contracts: the recorded ones when every chain has them and they
 * answer (peers are registered both ways, so one chain's loss means a new bridge everywhere), else
 * CorexHub + TaskPortal on home and CorexPeerToken + TaskPortal on each remote chain, deployed with
 * deployBridgeContracts. Undefined when nothing answers and a chain has no deployer.
 */
export async function ensureBridgeContracts(o: BridgeContractsOptions): Promise<{ chains: BridgeChain[]; reused: boolean } | undefined> {
  const complete = o.targets.every(({ chain }, i) => chain.contracts.taskPortal && (i === 0 ? chain.contracts.hub : chain.contracts.peerToken));
  if (complete) {
    const answers = await Promise.all(o.targets.map(({ chain, provider }) => contractsAnswer(provider, chain.evmChainId, Object.values(chain.contracts).filter((a): a is string => !!a))));
    if (answers.every(Boolean)) return { chains: o.targets.map((t) => t.chain), reused: true };
  }
  if (o.targets.some((t) => !t.deployer)) return undefined;
  const [home, ...remotes] = o.targets as [BridgeContractsTarget, ...BridgeContractsTarget[]];
  const deployed = await deployBridgeContracts({
    home: { signer: home.deployer!, core: home.chain.contracts.wormholeCore, token: o.token, bridge: o.bridge },
    remotes: remotes.map((r) => ({ signer: r.deployer!, core: r.chain.contracts.wormholeCore })),
  });
  const homeChain: BridgeChain = {
    ...home.chain,
    deployedAtBlock: Math.min(home.chain.deployedAtBlock, deployed.home.deployedAtBlock),
    contracts: { wormholeCore: home.chain.contracts.wormholeCore, taskPortal: deployed.home.portal, hub: deployed.home.hub },
  };
  const remoteChains = remotes.map((r, i): BridgeChain => {
    const d = deployed.remotes[i]!;
    return { ...r.chain, deployedAtBlock: Math.min(r.chain.deployedAtBlock, d.deployedAtBlock), contracts: { wormholeCore: r.chain.contracts.wormholeCore, taskPortal: d.portal, peerToken: d.peerToken } };
  });
  return { chains: [homeChain, ...remoteChains], reused: false };
}
