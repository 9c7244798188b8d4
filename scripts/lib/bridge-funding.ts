/**
 * Funding a dApp's wallet on npm start's local chains (the demo and the end-to-end tests): CXT sent home → BSC
 * through CorexHub and a guardian-signed VAA, and a fresh Solana payer (airdropped SOL, CXT from the devnet
 * authority's faucet mint).
 */
import { createSolanaRpc, generateKeyPairSigner } from '@solana/kit';
import { Contract, formatEther, Interface, type TransactionReceipt, type Wallet } from 'ethers';
import { chainProvider, type readDeploymentFile } from '@corex/chain';
import { connectBridge, universalAddress } from '@corex/chain-contracts';
import { fetchSignedVaa } from '@corex/wormhole';
import { airdrop, loadCorexSolanaKeys, mintReward } from '@corex/solana-devnet';

type Deployment = NonNullable<Awaited<ReturnType<typeof readDeploymentFile>>>;
const CORE = new Interface(['event LogMessagePublished(address indexed sender, uint64 sequence, uint32 nonce, bytes payload, uint8 consistencyLevel)']);
const ERC20 = ['function balanceOf(address) view returns (uint256)', 'function approve(address,uint256) returns (bool)'];

/** CXT home → BSC: hub.sendTokens locks it at home, the guardian signs the message, anyone relays it to the peer token. */
export async function fundOnBsc(deployment: Deployment, customer: Wallet, amount: bigint, log: (line: string) => void = () => undefined): Promise<void> {
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

function sequenceOf(receipt: TransactionReceipt, core: string): bigint {
  for (const entry of receipt.logs) {
    if (entry.address.toLowerCase() !== core.toLowerCase()) continue;
    const parsed = CORE.parseLog(entry);
    if (parsed) return parsed.args.sequence as bigint;
  }
  return fail(`no LogMessagePublished of the core in tx ${receipt.hash}`);
}

/** A fresh Solana payer: SOL from the devnet's airdrop, CXT minted by the bridge authority (the devnet faucet). */
export async function fundSolanaPayer(units: bigint, log: (line: string) => void = () => undefined, env: NodeJS.ProcessEnv = process.env) {
  const file = env.COREX_SOLANA_AUTHORITY_FILE ?? fail('COREX_SOLANA_AUTHORITY_FILE is not set');
  const rpc = createSolanaRpc(env.COREX_SOLANA_RPC_URL ?? fail('COREX_SOLANA_RPC_URL is not set'));
  const { deployment, authority } = await loadCorexSolanaKeys(file);
  const payer = await generateKeyPairSigner();
  await airdrop(rpc, payer.address, 2_000_000_000n);
  const minted = await mintReward(rpc, authority, deployment, { recipientOwner: payer.address, amount: units });
  log(`Solana payer ${payer.address}: 2 SOL airdropped and ${units / 10n ** 9n} CXT minted by the bridge authority — the DEVNET FAUCET (local LiteSVM only; on a real cluster CXT arrives through the hub) (tx ${minted.signature})`);
  return payer;
}


function fail(message: string): never {
  throw new Error(message);
}
