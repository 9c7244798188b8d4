import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSolanaRpc, generateKeyPairSigner, type Address } from '@solana/kit';
import { getAddress, type TransactionReceipt } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, type CorexContracts } from '@corex/chain-contracts';
import { freePort, startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { rewardLeafValue, rewardTree, proofOf } from '@corex/settlement';
import { ensureCorexSolana, mintReward, startSolanaDevnet, type SentTransaction, type SolanaDevnet, type SolanaRpc } from '@corex/solana-devnet';

export const CXT = 10n ** 18n;
/** 1 CXT on Solana (9 decimals). */
export const SOL_CXT = 10n ** 9n;
/** A fresh address that holds nothing but what the payout sent it. */
export const PAYOUT = getAddress(`0x${'b0'.repeat(20)}`);
export const ANCHOR_ROOT = `0x${'ab'.repeat(32)}`;

/**
 * Real chains holding settled Corex transactions, and the deployment file naming them: on an
 * anvil, a MiningPool payout of 3 CXT to `nodeId`'s payout address and a ProofRegistry anchor of
 * epoch 1; on the Solana devnet, 2.5 CXT minted as a bridged reward (memo corex:reward:v1:tr-1);
 * and a `bsc` whose RPC does not answer.
 */
export interface SettledTransactions {
  anvil: AnvilChain;
  solana: SolanaDevnet;
  contracts: CorexContracts;
  deploymentFile: string;
  payout: TransactionReceipt;
  anchor: TransactionReceipt;
  solanaReward: SentTransaction;
  solanaRecipient: Address;
  close(): Promise<void>;
}

export async function settleTransactions(nodeId: string): Promise<SettledTransactions> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corex-settled-'));
  const [anvil, solana] = await Promise.all([startAnvil(), startSolanaDevnet({ port: 0 })]);
  const mined = async (tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>) => (await (await tx).wait())!;

  const settler = anvil.wallet(1);
  const deployed = await deployCorex(anvil.wallet(0), { settler: settler.address, anchor: settler.address, slasher: settler.address, binder: settler.address, epochLength: 30n });
  const contracts = connectCorex(deployed, anvil.wallet(0));
  await mined(contracts.token.approve(deployed.miningPool, 10n * CXT));
  await mined(contracts.miningPool.deposit(`0x${'0a'.repeat(32)}`, 10n * CXT));
  const leaf = rewardLeafValue({ nodeId, payout: PAYOUT, cumulative: 3n * CXT });
  const tree = rewardTree([{ nodeId, payout: PAYOUT, cumulative: 3n * CXT }]);
  const asSettler = connectCorex(deployed, settler);
  await mined(asSettler.miningPool.postRoot(1, tree.root, 3n * CXT));
  const payout = await mined(connectCorex(deployed, anvil.wallet(2)).miningPool.claimFor(leaf[0], PAYOUT, 3n * CXT, proofOf(tree, leaf)));
  const anchor = await mined(asSettler.proofRegistry.anchorEpoch(1, ANCHOR_ROOT, 4));

  const rpc = createSolanaRpc(solana.url) as unknown as SolanaRpc;
  const sol = await ensureCorexSolana(rpc, path.join(dir, 'solana-authority.json'));
  const solanaRecipient = (await generateKeyPairSigner()).address;
  const solanaReward = await mintReward(rpc, sol.authority, sol.deployment, { recipientOwner: solanaRecipient, amount: (5n * SOL_CXT) / 2n, transferId: 'tr-1' });

  const deploymentFile = path.join(dir, 'deployment.json');
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  await writeDeploymentFile(deploymentFile, {
    ...deploymentRecord(deployed, anvil.rpcUrl, 30),
    chains: [{ name: 'bsc', evmChainId: 56, wormholeChainId: 4, rpcUrl: unreachable, deployedAtBlock: 0, contracts: { wormholeCore: deployed.token } }],
    solana: { rpcUrl: solana.url, mint: sol.deployment.mint, escrow: sol.deployment.escrow, authority: sol.deployment.authority },
  });
  return {
    anvil,
    solana,
    contracts,
    deploymentFile,
    payout,
    anchor,
    solanaReward,
    solanaRecipient,
    async close() {
      await Promise.all([anvil.stop(), solana.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
