/**
 * The bridge part of `npm start`'s demo (issue 14), run by scripts/lib/demo-bridge.cjs once the bridge serves:
 * funds the demo customer on BSC (CXT sent home → BSC through CorexHub and a guardian-signed VAA) and a fresh Solana
 * payer (the devnet authority's faucet mint), submits one inference task from each chain with @corex/sdk, prints
 * each task as read back on its origin chain and its first predictions, then waits for the routed node's CXT on
 * Arbitrum. The last line is one JSON object.
 *   node -r @swc-node/register scripts/demo-bridge.ts <marketplaceUrl> <bridgeUrl> [arbitrumRecipient]
 */
import { generateKeyPairSigner, createSolanaRpc } from '@solana/kit';
import { Contract, formatEther, Interface, parseEther, Wallet, type TransactionReceipt } from 'ethers';
import { chainProvider, devPrivateKey, LOCAL_ACCOUNTS, readDeploymentFile } from '@corex/chain';
import { connectBridge, universalAddress } from '@corex/chain-contracts';
import { fetchSignedVaa } from '@corex/wormhole';
import { airdrop, loadCorexSolanaKeys, mintReward } from '@corex/solana-devnet';
import { CorexClient, isSdkError, type TaskView } from '@corex/sdk';

const tag = '[demo bridge]';
const CXT = 10n ** 18n;
const SPEC = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } };
const ESCROW = 5n * CXT;
const TASK_TIMEOUT_MS = 240_000;
const RESULT_TIMEOUT_MS = 30_000;
const CORE = new Interface(['event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel)']);
const ERC20 = ['function balanceOf(address) view returns (uint256)', 'function approve(address,uint256) returns (bool)'];
const log = (line: string): void => console.log(`${tag} ${line}`);

type Deployment = NonNullable<Awaited<ReturnType<typeof readDeploymentFile>>>;
type Chain = NonNullable<Deployment['chains']>[number];

async function main(): Promise<void> {
  const [marketplaceUrl, bridgeUrl, recipient] = process.argv.slice(2);
  const deployment = (await readDeploymentFile(process.env.COREX_DEPLOYMENT_FILE ?? '.corex/deployment.json')) ?? fail('no deployment file');
  const chainOf = (name: string): Chain => deployment.chains?.find((c) => c.name === name) ?? fail(`the deployment file has no ${name} chain`);
  const summary: Record<string, unknown> = { event: 'demo.bridge' };
  const corex = await CorexClient.connect(marketplaceUrl, { bridgeUrl });

  const bsc = chainOf('bsc');
  const customer = new Wallet(devPrivateKey(LOCAL_ACCOUNTS.demoCustomer), chainProvider(bsc.rpcUrl, bsc.evmChainId));
  await fundOnBsc(deployment, customer, 10n * CXT);
  const payer = await fundSolanaPayer(10n * 10n ** 9n);

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

/** CXT home → BSC: hub.sendTokens locks it at home, the guardian signs the message, anyone relays it to the peer token. */
async function fundOnBsc(deployment: Deployment, customer: Wallet, amount: bigint): Promise<void> {
  const home = deployment.chains?.[0] ?? fail('the deployment file has no chains');
  const bsc = deployment.chains?.find((c) => c.name === 'bsc') ?? fail('the deployment file has no bsc chain');
  const homeWallet = customer.connect(chainProvider(home.rpcUrl, home.evmChainId));
  const hubAddress = home.contracts.hub ?? fail('the deployment has no CorexHub at home');
  const { hub } = connectBridge({ portal: home.contracts.taskPortal ?? fail('no TaskPortal at home'), hub: hubAddress }, homeWallet);
  const { peerToken } = connectBridge({ portal: bsc.contracts.taskPortal ?? fail('no TaskPortal on BSC'), peerToken: bsc.contracts.peerToken }, customer);
  if (!hub || !peerToken) fail('the deployment has no CorexHub at home or no CorexPeerToken on BSC');
  const before = await peerToken.balanceOf(customer.address);
  await (await new Contract(deployment.contracts.token, ERC20, homeWallet).approve(hubAddress, amount)).wait();
  const fee = (await new Contract(home.contracts.wormholeCore, ['function messageFee() view returns (uint256)'], homeWallet).messageFee()) as bigint;
  const receipt = (await (await hub.sendTokens(bsc.wormholeChainId, universalAddress(customer.address), amount, { value: fee })).wait()) as TransactionReceipt;
  const sequence = sequenceOf(receipt, home.contracts.wormholeCore);
  log(`CorexHub.sendTokens on ethereum: ${formatEther(amount)} CXT of the demo customer ${customer.address} locked for BSC (tx ${receipt.hash}, sequence ${sequence})`);
  const guardianApi = process.env.COREX_GUARDIAN_API_URL ?? deployment.wormhole?.guardianApiUrl ?? fail('no guardian API URL');
  const vaa = await fetchSignedVaa(guardianApi, home.wormholeChainId, hubAddress, sequence, { timeoutMs: 60_000 });
  const gas = await peerToken.receiveTransfer.estimateGas(vaa);
  const relayed = await (await peerToken.receiveTransfer(vaa, { gasLimit: (gas * 125n) / 100n })).wait();
  const after = await peerToken.balanceOf(customer.address);
  if (after - before !== amount) fail(`the VAA was relayed (tx ${relayed?.hash}) but BSC minted ${formatEther(after - before)} CXT, not ${formatEther(amount)} (queued by the rate limit?)`);
  log(`CorexPeerToken.receiveTransfer on BSC with the guardian's VAA: the demo customer holds ${formatEther(after)} CXT on BSC (tx ${relayed?.hash})`);
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

function sequenceOf(receipt: TransactionReceipt, core: string): bigint {
  for (const entry of receipt.logs) {
    if (entry.address.toLowerCase() !== core.toLowerCase()) continue;
    const parsed = CORE.parseLog(entry);
    if (parsed) return parsed.args.sequence as bigint;
  }
  return fail(`no LogMessagePublished of the core in tx ${receipt.hash}`);
}

/** A fresh Solana payer: SOL from the devnet's airdrop, CXT minted by the bridge authority (the devnet faucet). */
async function fundSolanaPayer(units: bigint) {
  const file = process.env.COREX_SOLANA_AUTHORITY_FILE ?? fail('COREX_SOLANA_AUTHORITY_FILE is not set');
  const rpc = createSolanaRpc(process.env.COREX_SOLANA_RPC_URL ?? fail('COREX_SOLANA_RPC_URL is not set'));
  const { deployment, authority } = await loadCorexSolanaKeys(file);
  const payer = await generateKeyPairSigner();
  await airdrop(rpc, payer.address, 2_000_000_000n);
  const minted = await mintReward(rpc, authority, deployment, { recipientOwner: payer.address, amount: units });
  log(`Solana payer ${payer.address}: 2 SOL airdropped and ${units / 10n ** 9n} CXT minted by the bridge authority — the DEVNET FAUCET (local LiteSVM only; on a real cluster CXT arrives through the hub) (tx ${minted.signature})`);
  return payer;
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
