import { createSolanaRpc, isAddress, type Address, type TransactionSigner } from '@solana/kit';
import {
  associatedTokenAddress,
  CXT_DECIMALS,
  fetchJsonTransaction,
  findTaskTransfers,
  memosOf,
  readStatusMemos,
  signaturesOldestFirst,
  submitTaskTransfer,
  type CorexSolanaDeployment,
  type SolanaRpc,
} from '@corex/solana-devnet';
import type { SolanaChainConfig } from './chains';
import { SdkError } from './errors';
import { encodeSpec, type TaskSpec } from './spec';
import { hashOrNull, isTerminal, statusRank, type TaskStatusName, type TaskView, type VerificationName } from './task';
import type { BridgeHttp } from './bridge-http';

/** CXT wei per 9-decimal SPL base unit. */
const WEI_PER_UNIT = 10n ** BigInt(18 - CXT_DECIMALS);

/** What {@link submitSolanaTask} needs. */
export interface SolanaSubmitInput {
  readonly spec: TaskSpec;
  /** CXT wei (18 decimals), a whole number of SPL base units (multiples of 1e9 wei). */
  readonly escrow: bigint;
  /** Owner of the paying CXT account; pays the fee too. */
  readonly signer: TransactionSigner;
}

/** A task submitted on Solana: its id is the transfer's reference key. */
export interface SolanaSubmitted {
  readonly chain: 'solana';
  readonly taskId: Address;
  readonly signature: string;
  readonly txHash: string;
  readonly specHash: string;
}

/** The RPC client of the Solana configuration. */
export function solanaRpcOf(config: SolanaChainConfig): SolanaRpc {
  if (config.rpc) return config.rpc;
  if (!config.rpcUrl) throw new SdkError('SDK.UNKNOWN_CHAIN', 'no Solana RPC URL or client');
  return createSolanaRpc(config.rpcUrl);
}

const deploymentOf = (config: SolanaChainConfig): CorexSolanaDeployment => ({ authority: config.authority, mint: config.mint, escrow: config.escrow, decimals: CXT_DECIMALS });

/** Uploads the spec to the bridge, then pays the escrow with a fresh reference (the task id) and the spec-hash memo. */
export async function submitSolanaTask(config: SolanaChainConfig, rpc: SolanaRpc, bridge: BridgeHttp, input: SolanaSubmitInput): Promise<SolanaSubmitted> {
  const { bytes, specHash } = encodeSpec(input.spec);
  if (input.escrow <= 0n || input.escrow % WEI_PER_UNIT !== 0n) {
    throw new SdkError('SDK.INVALID_ESCROW', `a Solana escrow is a positive multiple of ${WEI_PER_UNIT} wei (9-decimal CXT), got ${input.escrow}`);
  }
  const amount = input.escrow / WEI_PER_UNIT;
  const source = await associatedTokenAddress(input.signer.address, config.mint);
  const balance = await rpc
    .getTokenAccountBalance(source)
    .send()
    .then((r) => BigInt(r.value.amount))
    .catch(() => 0n);
  if (balance < amount) throw new SdkError('SDK.INSUFFICIENT_BALANCE', `${input.signer.address} holds ${balance} CXT base units, the escrow is ${amount}`, { balance });
  await bridge.putSpec(specHash, bytes);
  const sent = await submitTaskTransfer(rpc, deploymentOf(config), { payer: input.signer, amount, specHash, source });
  if (sent.err) throw new SdkError('SDK.TX_FAILED', `the task transfer ${sent.signature} failed`, { signature: sent.signature });
  return { chain: 'solana', taskId: sent.reference, signature: sent.signature, txHash: sent.signature, specHash };
}

/**
 * The task as Solana records it: the verified payment under its reference, the bridge authority's status memos (the
 * most advanced one counts, as on the EVM portals) and its release or refund transfer.
 */
export async function readSolanaTask(config: SolanaChainConfig, rpc: SolanaRpc, taskId: string): Promise<TaskView> {
  if (!isAddress(taskId)) throw new SdkError('SDK.UNKNOWN_TASK', `${taskId} is not a Solana task id (a base58 public key)`, { taskId, chain: 'solana' });
  const reference = taskId;
  const deployment = deploymentOf(config);
  const payment = (await findTaskTransfers(rpc, deployment, { address: reference, reference })).tasks[0];
  if (!payment) throw new SdkError('SDK.UNKNOWN_TASK', `no task payment with reference ${taskId} into ${config.escrow}`, { taskId, chain: 'solana' });
  let status: TaskStatusName = 'submitted';
  let verification: VerificationName = 'none';
  let resultHash: string | null = null;
  let weightsHash: string | null = null;
  for (const memo of await readStatusMemos(rpc, deployment, reference)) {
    if (isTerminal(status) || statusRank(memo.status) <= statusRank(status)) continue;
    ({ status, verification } = memo);
    resultHash = hashOrNull(memo.resultHash);
    weightsHash = hashOrNull(memo.weightsHash);
  }
  const payouts = await payoutMemos(rpc, deployment, reference);
  return {
    taskId,
    chain: 'solana',
    status,
    verification,
    resultHash,
    weightsHash,
    submitter: payment.payer,
    escrow: payment.amount * WEI_PER_UNIT,
    escrowReleased: payouts.has('release'),
    escrowRefunded: payouts.has('refund'),
  };
}

/** Which escrow payouts (`corex:release|refund:v1:<taskId>`, by the authority) name the task. */
async function payoutMemos(rpc: SolanaRpc, deployment: CorexSolanaDeployment, taskId: Address): Promise<Set<string>> {
  const kinds = new Set<string>();
  for (const signature of await signaturesOldestFirst(rpc, taskId)) {
    const tx = await fetchJsonTransaction(rpc, signature);
    if (!tx || tx.meta?.err || tx.transaction.message.accountKeys[0] !== deployment.authority) continue;
    for (const memo of memosOf(tx.transaction.message)) {
      const match = /^corex:(release|refund):v1:(.+)$/.exec(memo);
      if (match && match[2] === taskId) kinds.add(match[1]!);
    }
  }
  return kinds;
}
