import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSigner, type Address, type KeyPairSigner } from '@solana/kit';
import { keccak256, toUtf8Bytes } from 'ethers';
import {
  airdrop,
  associatedTokenAddress,
  ensureCorexSolana,
  mintReward,
  startSolanaDevnet,
  submitTaskTransfer,
  type CorexSolanaDeployment,
  type SolanaDevnet,
  type SolanaRpc,
} from '@corex/solana-devnet';
import { SolanaTaskScanner } from '../src/solana/solana-task-scanner';

/** 1 CXT on Solana (9 decimals). */
export const SOL_CXT = 10n ** 9n;

/** The LiteSVM devnet in process with Corex's mint and escrow, a user holding 100 CXT, and a fee recipient. */
export interface SolanaSide {
  devnet: SolanaDevnet;
  rpc: SolanaRpc;
  deployment: CorexSolanaDeployment;
  authorityFile: string;
  user: KeyPairSigner;
  feeRecipient: Address;
  /** Pays `amount` into the escrow for a task with this spec hash; returns the task id (the reference key). */
  submitTask(spec: string, amount: bigint): Promise<Address>;
  balanceOf(owner: Address): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startSolanaSide(): Promise<SolanaSide> {
  const devnet = await startSolanaDevnet({ port: 0 });
  const rpc = SolanaTaskScanner.rpcFor(devnet.url);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'corex-bridge-sol-'));
  const authorityFile = path.join(dir, 'authority.json');
  const { deployment, authority } = await ensureCorexSolana(rpc, authorityFile);
  const user = await generateKeyPairSigner();
  const feeRecipient = (await generateKeyPairSigner()).address;
  await airdrop(rpc, user.address, 1_000_000_000n);
  await mintReward(rpc, authority, deployment, { recipientOwner: user.address, amount: 100n * SOL_CXT });
  return {
    devnet,
    rpc,
    deployment,
    authorityFile,
    user,
    feeRecipient,
    submitTask: async (spec, amount) => (await submitTaskTransfer(rpc, deployment, { payer: user, amount, specHash: keccak256(toUtf8Bytes(spec)) })).reference,
    balanceOf: async (owner) => {
      const account = await associatedTokenAddress(owner, deployment.mint);
      const answer = await rpc.getTokenAccountBalance(account).send().catch(() => undefined);
      return answer ? BigInt(answer.value.amount) : 0n;
    },
    stop: async () => {
      await devnet.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
