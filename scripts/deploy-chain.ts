/**
 * Deploys the Corex contracts to COREX_RPC_URL, or reuses the deployment recorded in
 * COREX_DEPLOYMENT_FILE (default .corex/deployment.json) when its addresses answer with code, and
 * funds the demo wallet with CXT. `npm start` runs it after starting anvil (COREX_CHAIN_LOCAL=1:
 * keys from anvil's dev mnemonic). Elsewhere keys come from COREX_DEPLOYER_KEY(_FILE) and
 * COREX_OPERATOR_KEY(_FILE) (or COREX_OPERATOR_ADDRESS), never from the repository.
 *   COREX_RPC_URL=... COREX_DEPLOYER_KEY_FILE=... node -r @swc-node/register scripts/deploy-chain.ts
 */
import { computeAddress, formatEther, Wallet } from 'ethers';
import { chainKey, chainProvider, devPrivateKey, LOCAL_ACCOUNTS } from '@corex/chain';
import { ensureDeployment } from '@corex/chain/src/ensure-deployment';

async function main(): Promise<void> {
  const env = process.env;
  const rpcUrl = env.COREX_RPC_URL;
  if (!rpcUrl) throw new Error('COREX_RPC_URL is not set');
  const local = env.COREX_CHAIN_LOCAL === '1';
  const file = env.COREX_DEPLOYMENT_FILE ?? '.corex/deployment.json';
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
  });
  const d = result.deployment;
  console.log(
    `[chain] ${result.reused ? 'reused the deployment' : 'deployed Corex'} on chain ${d.chainId} at ${rpcUrl} (block ${d.deployedAtBlock}): ` +
      `token ${d.contracts.token}, staking ${d.contracts.stakingPool}, mining pool ${d.contracts.miningPool}, proof registry ${d.contracts.proofRegistry}, governor ${d.contracts.governor}; recorded in ${file}`,
  );
  if (demoWallet) console.log(`[chain] demo wallet ${demoWallet}${result.funded > 0n ? ` funded with ${formatEther(result.funded)} CXT` : ' holds its CXT already'}`);
  provider.destroy();
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
