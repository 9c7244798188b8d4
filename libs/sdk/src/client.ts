import type { Provider, Signer } from 'ethers';
import type { TransactionSigner } from '@solana/kit';
import type { SolanaRpc } from '@corex/solana-devnet';
import { BridgeHttp } from './bridge-http';
import { assertChain, evmChainOf, solanaOf, type ChainName, type CorexClientConfig, type EvmChainName } from './chains';
import { SdkError } from './errors';
import { readEvmTask, readProvider, submitEvmTask, type EvmSubmitted } from './evm';
import { configFromNetwork, fetchNetwork, type NetworkClientOptions, type NetworkDescription } from './network';
import { readSolanaTask, solanaRpcOf, submitSolanaTask, type SolanaSubmitted } from './solana';
import type { TaskSpec } from './spec';
import type { TaskView } from './task';
import { pollTask, type WaitOptions, type WaitTarget } from './wait';

/** A task to submit on an EVM chain, paid by an ethers signer connected to that chain. */
export interface EvmTaskRequest {
  readonly chain: EvmChainName;
  readonly spec: TaskSpec;
  /** CXT wei (18 decimals), escrowed in the chain's token (CXT at home, the bridged CXT elsewhere). */
  readonly escrow: bigint;
  readonly signer: Signer;
  /** Approve the escrow to the TaskPortal when the allowance is short (default true). */
  readonly approve?: boolean;
}

/** A task to submit on Solana, paid by a @solana/kit signer holding CXT. */
export interface SolanaTaskRequest {
  readonly chain: 'solana';
  readonly spec: TaskSpec;
  /** CXT wei (18 decimals), a multiple of 1e9 (the SPL mint has 9 decimals). */
  readonly escrow: bigint;
  readonly signer: TransactionSigner;
}

/** What {@link CorexClient.submitTask} takes. */
export type TaskRequest = EvmTaskRequest | SolanaTaskRequest;
/** What {@link CorexClient.submitTask} returns: the task id to follow, and the transaction that escrowed it. */
export type SubmittedTask = EvmSubmitted | SolanaSubmitted;

/** A result document read from the bridge whose sha256 matches the origin chain's resultHash. */
export interface TaskResult {
  readonly taskId: string;
  readonly chain: ChainName;
  readonly resultHash: string;
  /** The document's exact bytes (what was hashed). */
  readonly bytes: Uint8Array;
  /** The document parsed as JSON. */
  readonly document: unknown;
}

/**
 * A dApp's client of Corex: submits tasks on Ethereum, BSC, Arbitrum or Solana and follows them on their origin chain.
 * Wormhole stays out of sight: the portals publish, the bridge carries, the SDK only reads the origin chain and the
 * bridge's public HTTP API.
 */
export class CorexClient {
  private readonly bridge: BridgeHttp;
  private readonly providers = new Map<EvmChainName, Provider>();
  private solanaRpc?: SolanaRpc;

  /** A client on explicit addresses (see {@link CorexClient.fromNetwork} to read them from the marketplace). */
  constructor(readonly config: CorexClientConfig) {
    this.bridge = new BridgeHttp(config.bridgeUrl, config.fetch);
  }

  /** A client on a network description (`GET /v1/network`) already at hand. */
  static fromNetwork(network: NetworkDescription, options: NetworkClientOptions): CorexClient {
    return new CorexClient(configFromNetwork(network, options));
  }

  /** Fetches `GET {marketplaceUrl}/v1/network` and builds a client on it. */
  static async connect(marketplaceUrl: string, options: NetworkClientOptions): Promise<CorexClient> {
    return CorexClient.fromNetwork(await fetchNetwork(marketplaceUrl, options.fetch), options);
  }

  /**
   * Submits a task. EVM: approves the escrow token to the chain's TaskPortal when needed and calls submitTask (paying the
   * Wormhole message fee); the task id is the portal's. Solana: uploads the spec to the bridge, then pays the escrow with a
   * fresh reference key, which is the task id.
   */
  async submitTask(request: TaskRequest): Promise<SubmittedTask> {
    assertChain(request.chain);
    if (request.chain === 'solana') {
      const config = solanaOf(this.config);
      return submitSolanaTask(config, this.rpc(), this.bridge, request);
    }
    return submitEvmTask(request.chain, evmChainOf(this.config, request.chain), request);
  }

  /** The task as its origin chain records it; SDK.UNKNOWN_TASK when the chain has no such task. */
  async getTask(taskId: string, chain: ChainName): Promise<TaskView> {
    assertChain(chain);
    if (chain === 'solana') return readSolanaTask(solanaOf(this.config), this.rpc(), taskId);
    return readEvmTask(chain, evmChainOf(this.config, chain), this.provider(chain), taskId);
  }

  /**
   * Polls the origin chain until the task reaches `target`: a status (reached or passed; a final status exactly, and
   * SDK.STATUS_UNREACHABLE when the task ends otherwise) or a predicate. SDK.TIMEOUT / SDK.ABORTED end it early.
   */
  waitForStatus(taskId: string, chain: ChainName, target: WaitTarget, options?: WaitOptions): Promise<TaskView> {
    return pollTask(() => this.getTask(taskId, chain), target, options);
  }

  /**
   * Fetches the task's result document from the bridge and checks its sha256 against the resultHash recorded on the
   * origin chain: SDK.NO_RESULT before there is one, SDK.RESULT_MISMATCH when the bytes are not the ones recorded.
   * Without `chain`, the chain is found from the id (Solana ids are public keys; an EVM id is looked up on each portal).
   */
  async readResult(taskId: string, chain?: ChainName): Promise<TaskResult> {
    const task = chain ? await this.getTask(taskId, chain) : await this.locate(taskId);
    if (!task.resultHash) throw new SdkError('SDK.NO_RESULT', `task ${taskId} is ${task.status} with no result hash on ${task.chain}`, { task });
    const bytes = await this.bridge.getResult(taskId, task.resultHash);
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      document = undefined;
    }
    return { taskId, chain: task.chain, resultHash: task.resultHash, bytes, document };
  }

  /** Finds the chain that holds `taskId`: EVM task ids name their portal, so at most one portal knows one. */
  private async locate(taskId: string): Promise<TaskView> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(taskId)) return this.getTask(taskId, 'solana');
    for (const chain of Object.keys(this.config.evm ?? {}) as EvmChainName[]) {
      try {
        return await this.getTask(taskId, chain);
      } catch (error) {
        if (!(error instanceof SdkError && error.code === 'SDK.UNKNOWN_TASK')) throw error;
      }
    }
    throw new SdkError('SDK.UNKNOWN_TASK', `no portal of the client's chains knows task ${taskId}`, { taskId });
  }

  private provider(chain: EvmChainName): Provider {
    let provider = this.providers.get(chain);
    if (!provider) this.providers.set(chain, (provider = readProvider(chain, evmChainOf(this.config, chain))));
    return provider;
  }

  private rpc(): SolanaRpc {
    return (this.solanaRpc ??= solanaRpcOf(solanaOf(this.config)));
  }
}
