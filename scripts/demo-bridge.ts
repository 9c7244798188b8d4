/**
 * The bridge part of `npm start`'s demo (issue 14), run by scripts/lib/demo-bridge.cjs once the bridge serves:
 * funds the demo customer on BSC (CXT sent home → BSC through CorexHub and a guardian-signed VAA) and a fresh Solana
 * payer (the devnet authority's faucet mint), submits one inference task from each chain with @corex/sdk, prints
 * each task as read back on its origin chain and its first predictions, then waits for the routed node's CXT on
 * Arbitrum. The last line is one JSON object.
 *   node -r @swc-node/register scripts/demo-bridge.ts <marketplaceUrl> <bridgeUrl> [arbitrumRecipient]
 */
import { Contract, formatEther, Wallet } from 'ethers';
import { chainProvider, devPrivateKey, LOCAL_ACCOUNTS, readDeploymentFile } from '@corex/chain';
import { CorexClient, isSdkError, type TaskView } from '@corex/sdk';
import { fundOnBsc, fundSolanaPayer } from './lib/bridge-funding';
import { deploymentFileOf } from './lib/start-paths';

const tag = '[demo bridge]';
const CXT = 10n ** 18n;
const SPEC = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } };
const ESCROW = 5n * CXT;
const TASK_TIMEOUT_MS = 240_000;
const RESULT_TIMEOUT_MS = 30_000;
const ERC20 = ['function balanceOf(address) view returns (uint256)'];
const log = (line: string): void => console.log(`${tag} ${line}`);

type Deployment = NonNullable<Awaited<ReturnType<typeof readDeploymentFile>>>;
type Chain = NonNullable<Deployment['chains']>[number];

async function main(): Promise<void> {
  const [marketplaceUrl, bridgeUrl, recipient] = process.argv.slice(2);
  const deployment = (await readDeploymentFile(deploymentFileOf())) ?? fail('no deployment file');
  const chainOf = (name: string): Chain => deployment.chains?.find((c) => c.name === name) ?? fail(`the deployment file has no ${name} chain`);
  const summary: Record<string, unknown> = { event: 'demo.bridge' };
  const corex = await CorexClient.connect(marketplaceUrl, { bridgeUrl });

  const bsc = chainOf('bsc');
  const customer = new Wallet(devPrivateKey(LOCAL_ACCOUNTS.demoCustomer), chainProvider(bsc.rpcUrl, bsc.evmChainId));
  await fundOnBsc(deployment, customer, 10n * CXT, log);
  const payer = await fundSolanaPayer(10n * 10n ** 9n, log);

  const submitted = [
    { ...(await corex.submitTask({ chain: 'bsc', spec: SPEC, escrow: ESCROW, signer: customer })), chain: 'bsc' as const },
    { ...(await corex.submitTask({ chain: 'solana', spec: SPEC, escrow: ESCROW, signer: payer })), chain: 'solana' as const },
  ];
  for (const s of submitted) log(`${s.chain}: task ${s.taskId} submitted through @corex/sdk (escrow ${formatEther(ESCROW)} CXT, tx ${s.txHash})`);
  const options = { timeoutMs: TASK_TIMEOUT_MS, pollMs: 1_000 };
  for (const s of submitted) {
    await corex.waitForStatus(s.taskId, s.chain, 'completed', options);
    // On Solana the release is its own transaction, named by the task: read once it landed.
    const task = await corex.waitForStatus(s.taskId, s.chain, (t: TaskView) => t.escrowReleased, options);
    log(`${s.chain}: read on ${s.chain}: status ${task.status}, verification ${task.verification}, result hash ${task.resultHash}, escrow released ${task.escrowReleased}`);
    summary[s.chain] = { taskId: s.taskId, status: task.status, verification: task.verification, resultHash: task.resultHash, escrowReleased: task.escrowReleased };
  }
  let resultsRead = true;
  for (const s of submitted) {
    // A result the bridge cannot serve (or serves with another hash) is reported, and the Arbitrum part still runs.
    const result = await readResultWhenServed(corex, s.taskId, s.chain).catch((err: Error) => {
      resultsRead = false;
      console.error(`${tag} ${s.chain}: the result document was not read: ${isSdkError(err) ? `${err.code} ` : ''}${err.message}`);
      summary[s.chain] = { ...(summary[s.chain] as object), resultError: isSdkError(err) ? err.code : err.message };
    });
    if (!result) continue;
    const doc = result.document as { predictions?: { row: number; class: unknown }[] };
    const first = (doc.predictions ?? []).slice(0, 3).map((p) => `row ${p.row} → class ${String(p.class)}`).join(', ');
    log(`${s.chain}: result (sha256 checked against ${s.chain}): ${doc.predictions?.length ?? 0} predictions, first ${first}`);
    summary[s.chain] = { ...(summary[s.chain] as object), predictions: doc.predictions?.length ?? 0 };
  }
  if (recipient) summary.arbitrum = await waitArbitrumPayout(deployment, chainOf('arbitrum'), recipient);
  console.log(JSON.stringify(summary));
  if (!resultsRead) process.exitCode = 1;
}

/** The bridge serves the document once the marketplace's job view has it: polls while the SDK says SDK.NO_RESULT. */
async function readResultWhenServed(corex: CorexClient, taskId: string, chain: 'bsc' | 'solana') {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  for (;;) {
    try {
      return await corex.readResult(taskId, chain);
    } catch (err) {
      if (!isSdkError(err, 'SDK.NO_RESULT')) throw err;
      if (Date.now() > deadline) fail(`${chain} task ${taskId} completed on chain, but the bridge served no result document within ${RESULT_TIMEOUT_MS / 1000} s (GET /v1/tasks/${taskId}/result; is the marketplace's job view behind?)`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** The routed node's rewards, forwarded by the bridge: polls the recipient's CorexPeerToken balance on Arbitrum. */
async function waitArbitrumPayout(deployment: Deployment, arbitrum: Chain, recipient: string) {
  const provider = chainProvider(arbitrum.rpcUrl, arbitrum.evmChainId);
  const token = new Contract(arbitrum.contracts.peerToken ?? fail('no CorexPeerToken on Arbitrum'), ERC20, provider);
  const epoch = Number(deployment.epochLength) || 30;
  const deadline = Date.now() + (4 * epoch + 120) * 1000;
  log(`waiting for the settlement to pay the routed node and the bridge to carry it to ${recipient} on Arbitrum (42161)...`);
  for (;;) {
    const balance = (await token.balanceOf(recipient)) as bigint;
    if (balance > 0n) {
      log(`Arbitrum: ${recipient} holds ${formatEther(balance)} CXT (CorexPeerToken ${arbitrum.contracts.peerToken}, chain ${arbitrum.evmChainId})`);
      provider.destroy();
      return { recipient, balance: balance.toString() };
    }
    if (Date.now() > deadline) fail(`${recipient} holds no CXT on Arbitrum after ${(4 * epoch + 120)} s: was the node paid (GET /v1/nodes/{id}) and did the bridge log a RewardTransfer?`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

function fail(message: string): never {
  throw new Error(message);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    console.error(`${tag} failed: ${err.message}`);
    process.exit(1);
  },
);
