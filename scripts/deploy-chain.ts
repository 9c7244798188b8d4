/**
 * Deploys the Corex contracts to COREX_RPC_URL, or reuses the deployment recorded in
 * COREX_DEPLOYMENT_FILE (default <COREX_HOME_DIR>/deployment.json, .corex/deployment.json) when its addresses answer with code, and
 * funds the demo wallet with CXT. Then every chain of the network (home and COREX_CHAINS /
 * COREX_RPC_URL_<NAME>, libs/chain chains-config.ts) gets its entry: the recorded Wormhole core when
 * it answers, the configured one, or (local chains) one deployed with the devnet guardian. `npm start` runs it after starting anvil (COREX_CHAIN_LOCAL=1:
 * keys from anvil's dev mnemonic). Elsewhere keys come from COREX_DEPLOYER_KEY(_FILE) and
 * COREX_OPERATOR_KEY(_FILE) (or COREX_OPERATOR_ADDRESS), never from the repository.
 *   COREX_RPC_URL=... COREX_DEPLOYER_KEY_FILE=... node -r @swc-node/register scripts/deploy-chain.ts
 */
import { computeAddress, formatEther, Wallet } from 'ethers';
import { chainKey, chainProvider, chainsFromEnv, DEVNET_GUARDIAN_ADDRESS, devPrivateKey, KNOWN_CHAINS, LOCAL_ACCOUNTS } from '@corex/chain';
import { ensureBridgeChains, type BridgeChainTarget } from '@corex/chain/src/ensure-bridge-chains';
import { ensureDeployment } from '@corex/chain/src/ensure-deployment';
import { ensureSolana } from './lib/ensure-solana';
import { deploymentFileOf, solanaAuthorityFileOf } from './lib/start-paths';

async function main(): Promise<void> {
  const env = process.env;
  const rpcUrl = env.COREX_RPC_URL;
  if (!rpcUrl) throw new Error('COREX_RPC_URL is not set');
  const local = env.COREX_CHAIN_LOCAL === '1';
  const file = deploymentFileOf(env);
  const network = chainsFromEnv(env, local);
  const epochLength = Number(env.COREX_EPOCH_LENGTH ?? 30);
  const chainId = Number(await fetchChainId(rpcUrl));
  const provider = chainProvider(rpcUrl, chainId);
  const deployerKey = chainKey('deployer', env, local);
  const operatorKey = chainKey('operator', env, local);
  const operator = operatorKey ? computeAddress(operatorKey) : env.COREX_OPERATOR_ADDRESS;
  if (!operator) throw new Error('set COREX_OPERATOR_KEY(_FILE) or COREX_OPERATOR_ADDRESS: the services’ operator gets the settler, anchor, slasher and binder roles');
  const demoWallet = local ? computeAddress(devPrivateKey(LOCAL_ACCOUNTS.demoCustomer)) : env.COREX_DEMO_WALLET;
  const result = await ensureDeployment({
    file,
    provider,
    rpcUrl,
    deployer: deployerKey ? new Wallet(deployerKey, provider) : undefined,
    operator,
    epochLength,
    demoWallet,
    local,
  });
  const d = result.deployment;
  console.log(
    `[chain] ${result.reused ? 'reused the deployment' : 'deployed Corex'} on chain ${d.chainId} at ${rpcUrl} (block ${d.deployedAtBlock}): ` +
      `token ${d.contracts.token}, staking ${d.contracts.stakingPool}, mining pool ${d.contracts.miningPool}, proof registry ${d.contracts.proofRegistry}, governor ${d.contracts.governor}; recorded in ${file}`,
  );
  if (demoWallet) console.log(`[chain] demo wallet ${demoWallet}${result.funded > 0n ? ` funded with ${formatEther(result.funded)} CXT` : ' holds its CXT already'}`);
  // Only npm start's own chains get a core deployed (with the devnet guardian); elsewhere the core is Wormhole's.
  const targets = network.chains.map((config): BridgeChainTarget => {
    const url = config.home ? rpcUrl : config.rpcUrl!;
    const p = config.home ? provider : chainProvider(url, config.evmChainId);
    const publicRpcUrl = config.publicRpcUrl ?? (local ? url : undefined);
    const evmChainId = config.home ? chainId : config.evmChainId;
    const mainnetHomeCore = config.home && !local && chainId === KNOWN_CHAINS.ethereum.evmChainId ? KNOWN_CHAINS.ethereum.mainnetCore : undefined;
    const wormholeCore = config.wormholeCore ?? mainnetHomeCore;
    return { config: { ...config, evmChainId, rpcUrl: url, publicRpcUrl, wormholeCore }, provider: p, deployer: deployerKey ? new Wallet(deployerKey, p) : undefined, deployCore: local };
  });
  if (!local && !targets[0]!.config.wormholeCore && targets.length === 1) {
    console.log(`[chain] no Wormhole core is configured for the home chain ${chainId} (COREX_CHAINS): the bridge's chains are not recorded`);
  } else {
    const keysFile = solanaAuthorityFileOf(env);
    const solana = network.solana ? await ensureSolana({ ...network.solana, local, keysFile, env }) : undefined;
    const bridge = await ensureBridgeChains({
      file,
      chains: targets,
      guardians: [DEVNET_GUARDIAN_ADDRESS],
      guardianApiUrl: network.guardianApiUrl,
      bridge: { token: d.contracts.token, operator: bridgeAddress(env, local) ?? operator },
      solana,
    });
    for (const c of bridge.deployment.chains ?? []) {
      const { wormholeCore, ...rest } = c.contracts;
      const contracts = Object.entries(rest).map(([name, a]) => `${name} ${a}`);
      console.log(`[chain] ${c.name} (EVM ${c.evmChainId}, Wormhole ${c.wormholeChainId})${local ? ` at ${c.rpcUrl}` : ''}: Wormhole core ${wormholeCore} ${bridge.outcome[c.name]}${contracts.length ? `; ${contracts.join(', ')}` : ''}`);
    }
    if (solana) console.log(`[chain] solana${local ? ` at ${solana.rpcUrl}` : ''}: CXT mint ${solana.mint}, escrow ${solana.escrow}${solana.authority ? `, authority ${solana.authority}` : ''}`);
    console.log(`[chain] bridge contracts ${bridge.bridge === 'absent' ? 'not deployed (no deployer key)' : bridge.bridge}; guardians ${bridge.deployment.wormhole?.guardians.join(', ')}`);
  }
  for (const t of targets) t.provider.destroy();
}

async function fetchChainId(rpcUrl: string): Promise<bigint> {
  const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
  const body = (await res.json()) as { result?: string };
  if (!body.result) throw new Error(`${rpcUrl} did not answer eth_chainId`);
  return BigInt(body.result);
}

main().catch((err) => {
  console.error(`[chain] ${err.message}`);
  process.exit(1);
});

/** Who holds the hub's BRIDGE_ROLE: COREX_BRIDGE_ADDRESS, else on npm start's chains the bridge's own dev account. */
function bridgeAddress(env: NodeJS.ProcessEnv, local: boolean): string | undefined {
  if (env.COREX_BRIDGE_ADDRESS) return env.COREX_BRIDGE_ADDRESS;
  return local ? computeAddress(devPrivateKey(LOCAL_ACCOUNTS.bridge)) : undefined;
}
