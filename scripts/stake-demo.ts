/**
 * The stake `npm start`'s demo gives each of its nodes (libs/chain demo-stakes: unstaked, minStake,
 * a quarter of the way to maxBoostStake), skipping nodes that hold stake already. Prints one JSON
 * line: [{ nodeId, action: 'stake' | 'none' | 'already-staked', amount?: CXT decimal }]; the demo
 * then stakes with the real CLI (node-runner stake).
 *   COREX_DEPLOYMENT_FILE=.corex/deployment.json node -r @swc-node/register scripts/stake-demo.ts <n>=<nodeId>...  (n: the node's number, demo-<n>)
 */
import { formatEther } from 'ethers';
import { chainProvider, planDemoStakes, readDeploymentFile } from '@corex/chain';
import { deploymentFileOf } from './lib/start-paths';

async function main(): Promise<void> {
  const nodes = process.argv.slice(2).map((arg) => {
    const [n, nodeId] = arg.split('=');
    if (!nodeId || !(Number(n) >= 1)) throw new Error(`expected <n>=<nodeId>, not ${arg}`);
    return { n: Number(n), nodeId };
  });
  const file = deploymentFileOf();
  const deployment = await readDeploymentFile(file);
  if (!deployment) throw new Error(`${file} does not exist: no chain is deployed`);
  const provider = chainProvider(process.env.COREX_RPC_URL ?? deployment.rpcUrl, deployment.chainId);
  try {
    const plan = await planDemoStakes(deployment.contracts, provider, nodes);
    const shown = plan.map((s) => (s.action === 'already-staked' ? { nodeId: s.nodeId, action: s.action, amount: formatEther(s.active) } : { nodeId: s.nodeId, action: s.action, amount: formatEther(s.amount) }));
    console.log(JSON.stringify(shown));
  } finally {
    provider.destroy();
  }
}

main().catch((err) => {
  console.error(`[chain] planning the demo stakes failed: ${err.message}`);
  process.exit(1);
});
