import { Contract, JsonRpcProvider, ZeroAddress, type ContractTransactionResponse, type Provider, type Signer, type TransactionReceipt } from 'ethers';
import type { EvmChainConfig, EvmChainName } from './chains';
import { SdkError } from './errors';
import { ERC20_ABI, TASK_PORTAL_ABI, WORMHOLE_CORE_ABI } from './evm-abi';
import { encodeSpec, type TaskSpec } from './spec';
import { hashOrNull, statusName, verificationName, type TaskView } from './task';

/** What {@link submitEvmTask} needs besides the chain. */
export interface EvmSubmitInput {
  readonly spec: TaskSpec;
  /** CXT wei (18 decimals). */
  readonly escrow: bigint;
  readonly signer: Signer;
  /** `true` (default): approve the escrow when the allowance is short; `false`: refuse with SDK.INSUFFICIENT_ALLOWANCE. */
  readonly approve?: boolean;
}

/** A task submitted on an EVM chain. */
export interface EvmSubmitted {
  readonly chain: EvmChainName;
  readonly taskId: string;
  readonly txHash: string;
  /** The Wormhole sequence of the TaskSubmitted message. */
  readonly sequence: bigint;
  readonly specHash: string;
}

/** Approves the escrow token to the portal if needed, then calls TaskPortal.submitTask paying the core's message fee. */
export async function submitEvmTask(chain: EvmChainName, config: EvmChainConfig, input: EvmSubmitInput): Promise<EvmSubmitted> {
  const { bytes, specHash } = encodeSpec(input.spec);
  if (input.escrow <= 0n) throw new SdkError('SDK.INVALID_ESCROW', `the escrow must be positive, got ${input.escrow}`);
  const { signer } = input;
  const connected = await signer.provider?.getNetwork();
  if (!connected || Number(connected.chainId) !== config.evmChainId) {
    throw new SdkError('SDK.WRONG_NETWORK', `${chain} is EVM chain ${config.evmChainId}; the signer is on ${connected?.chainId ?? 'no network'}`);
  }
  const owner = await signer.getAddress();
  const portal = new Contract(config.portal, TASK_PORTAL_ABI, signer);
  const [tokenAddress, coreAddress] = (await Promise.all([portal.escrowToken(), portal.core()])) as [string, string];
  const token = new Contract(tokenAddress, ERC20_ABI, signer);
  const [balance, allowance, fee] = (await Promise.all([
    token.balanceOf(owner),
    token.allowance(owner, config.portal),
    new Contract(coreAddress, WORMHOLE_CORE_ABI, signer).messageFee(),
  ])) as [bigint, bigint, bigint];
  if (balance < input.escrow) throw new SdkError('SDK.INSUFFICIENT_BALANCE', `${owner} holds ${balance} of ${tokenAddress} on ${chain}, the escrow is ${input.escrow}`, { balance, token: tokenAddress });
  if (allowance < input.escrow) {
    if (input.approve === false) throw new SdkError('SDK.INSUFFICIENT_ALLOWANCE', `the portal may pull ${allowance} of ${tokenAddress}, the escrow is ${input.escrow}`, { allowance, token: tokenAddress });
    await mined(token.approve(config.portal, input.escrow) as Promise<ContractTransactionResponse>, 'approve');
  }
  const receipt = await mined(portal.submitTask(bytes, input.escrow, { value: fee }) as Promise<ContractTransactionResponse>, 'submitTask');
  const event = receipt.logs
    .filter((log) => log.address.toLowerCase() === config.portal.toLowerCase())
    .map((log) => TASK_PORTAL_ABI.parseLog(log))
    .find((parsed) => parsed?.name === 'TaskSubmitted');
  if (!event) throw new SdkError('SDK.TX_FAILED', `submitTask ${receipt.hash} emitted no TaskSubmitted`);
  return { chain, taskId: event.args.taskId as string, txHash: receipt.hash, sequence: event.args.sequence as bigint, specHash };
}

/** TaskPortal.taskOf, normalised; SDK.UNKNOWN_TASK when the portal never saw the id. */
export async function readEvmTask(chain: EvmChainName, config: EvmChainConfig, provider: Provider, taskId: string): Promise<TaskView> {
  const portal = new Contract(config.portal, TASK_PORTAL_ABI, provider);
  const task = (await portal.taskOf(taskId)) as { submitter: string; status: bigint; verification: bigint; escrow: bigint; resultHash: string; weightsHash: string };
  if (task.submitter === ZeroAddress) throw new SdkError('SDK.UNKNOWN_TASK', `no task ${taskId} on ${chain}'s portal ${config.portal}`, { taskId, chain });
  const status = statusName(Number(task.status));
  return {
    taskId: taskId.toLowerCase(),
    chain,
    status,
    verification: verificationName(Number(task.verification)),
    resultHash: hashOrNull(task.resultHash),
    weightsHash: hashOrNull(task.weightsHash),
    submitter: task.submitter,
    escrow: task.escrow,
    // The portal pays out in the same transaction that records a terminal status.
    escrowReleased: status === 'completed',
    escrowRefunded: status === 'failed' || status === 'cancelled',
  };
}

/** The read provider of a chain: the configured one, else one on its RPC URL. */
export function readProvider(chain: EvmChainName, config: EvmChainConfig): Provider {
  if (config.provider) return config.provider;
  if (!config.rpcUrl) throw new SdkError('SDK.UNKNOWN_CHAIN', `no RPC URL or provider for ${chain}`);
  return new JsonRpcProvider(config.rpcUrl, config.evmChainId, { staticNetwork: true });
}

async function mined(sent: Promise<ContractTransactionResponse>, what: string): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt | null;
  try {
    receipt = await (await sent).wait();
  } catch (error) {
    throw new SdkError('SDK.TX_FAILED', `${what} failed: ${(error as Error).message}`);
  }
  if (!receipt || receipt.status !== 1) throw new SdkError('SDK.TX_FAILED', `${what} ${receipt?.hash ?? ''} reverted`);
  return receipt;
}
