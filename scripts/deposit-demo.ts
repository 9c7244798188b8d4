/**
 * Deposits CXT into the MiningPool for an account, from the demo customer's wallet, so that its
 * jobs pass the funds check: `npm start`'s demo runs it for the demo account once it exists.
 * On the local chain (COREX_CHAIN_LOCAL=1, or the deployment's demo wallet is the dev key's) the wallet is anvil's dev key 2 (funded at
 * deployment); elsewhere COREX_DEMO_KEY(_FILE).
 *   COREX_DEPLOYMENT_FILE=.corex/deployment.json node -r @swc-node/register scripts/deposit-demo.ts <accountId> [amount CXT]
 */
import { readFileSync } from 'node:fs';
import { formatEther, parseEther, Wallet } from 'ethers';
import { chainProvider, devPrivateKey, LOCAL_ACCOUNTS, readDeploymentFile } from '@corex/chain';
import { accountIdToBytes32, connectCorex } from '@corex/chain-contracts';
import { deploymentFileOf } from './lib/start-paths';

async function main(): Promise<void> {
  const [accountId, amountText = '1000'] = process.argv.slice(2);
  if (!accountId) throw new Error('usage: deposit-demo.ts <accountId> [amount CXT]');
  const env = process.env;
  const file = deploymentFileOf(env);
  const deployment = await readDeploymentFile(file);
  if (!deployment) throw new Error(`${file} does not exist: no chain is deployed`);
  const devKey = devPrivateKey(LOCAL_ACCOUNTS.demoCustomer);
  // The local chain is known by the deployment's demo wallet being the dev key's, so the README's
  // command works without COREX_CHAIN_LOCAL in a second shell.
  const local = env.COREX_CHAIN_LOCAL === '1' || (env.COREX_CHAIN_LOCAL === undefined && deployment.demoWallet === new Wallet(devKey).address);
  const key = local ? devKey : (env.COREX_DEMO_KEY ?? (env.COREX_DEMO_KEY_FILE ? readFileSync(env.COREX_DEMO_KEY_FILE, 'utf8').trim() : undefined));
  if (!key) throw new Error('no demo wallet key: COREX_CHAIN_LOCAL=1 on the local chain, else COREX_DEMO_KEY(_FILE)');
  const provider = chainProvider(env.COREX_RPC_URL ?? deployment.rpcUrl, deployment.chainId);
  const wallet = new Wallet(key, provider);
  const { token, miningPool } = connectCorex(deployment.contracts, wallet);
  const amount = parseEther(amountText);
  const balance = await token.balanceOf(wallet.address);
  if (balance < amount) throw new Error(`the demo wallet ${wallet.address} holds ${formatEther(balance)} CXT, less than ${amountText}`);
  if ((await token.allowance(wallet.address, deployment.contracts.miningPool)) < amount) await (await token.approve(deployment.contracts.miningPool, amount)).wait();
  const receipt = await (await miningPool.deposit(accountIdToBytes32(accountId), amount)).wait();
  console.log(`[chain] deposited ${amountText} CXT into the MiningPool for account ${accountId} from ${wallet.address} (tx ${receipt?.hash})`);
  provider.destroy();
}

main().catch((err) => {
  console.error(`[chain] deposit failed: ${err.message}`);
  process.exit(1);
});
