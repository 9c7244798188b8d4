import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JsonRpcProvider } from 'ethers';
import { createSolanaRpc, type Signature } from '@solana/kit';
import { NotFoundError, ValidationError } from '@corex/platform';
import { chainProvider, ChainUnavailableError, readDeploymentFile, type DeploymentFile, type SolanaDeployment } from '@corex/chain';
import { fetchJsonTransaction, type SolanaRpc } from '@corex/solana-devnet';
import { CONFIG } from '../infrastructure/tokens';
import type { MarketplaceConfig } from '../config';
import { findChain, type EvmEndpoint } from './chain-endpoints';
import type { ChainTransaction, EvmTransaction, SolanaTransaction } from './chain-transaction.schema';
import { EVM_TX_HASH, evmView } from './evm-transaction';
import { SOLANA_SIGNATURE, solanaView, type SolanaJsonTransaction } from './solana-transaction';

/** A chain that takes longer than this is answered as unavailable rather than holding the request. */
const RPC_TIMEOUT_MS = 8000;
/** What a deployment's chain names look like (ethereum, bsc, arbitrum, solana, …). */
const CHAIN_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Transactions as the chain that holds them has them, read from that chain's RPC in the
 * deployment file (read afresh on each call, as GET /v1/network does): for the local devnets,
 * which have no explorer.
 */
@Injectable()
export class ChainTransactionsReader implements OnModuleDestroy {
  private readonly providers = new Map<string, JsonRpcProvider>();
  private readonly solanaRpcs = new Map<string, SolanaRpc>();

  constructor(@Inject(CONFIG) private readonly config: MarketplaceConfig) {}

  async read(chain: string, hash: string): Promise<ChainTransaction> {
    // Input no chain could accept is refused before the deployment is read: bad input is answered
    // alike whether or not chains are configured (never as 503 CHAIN.NOT_CONFIGURED).
    if (!EVM_TX_HASH.test(hash) && !SOLANA_SIGNATURE.test(hash)) throw invalidHash('a transaction hash is 0x and 64 hex digits, a Solana signature 64 to 88 base58 characters', hash);
    if (!CHAIN_NAME.test(chain)) throw new NotFoundError('CHAIN.UNKNOWN', `no chain named ${chain.slice(0, 40)}: chain names are lowercase letters, digits and dashes`);
    const found = findChain(await this.deployment(), chain);
    if (found.kind === 'unknown') throw new NotFoundError('CHAIN.UNKNOWN', `no chain named ${chain.slice(0, 40)} in this deployment`, { known: found.known });
    if (found.kind === 'solana') {
      if (!SOLANA_SIGNATURE.test(hash)) throw invalidHash('a Solana transaction signature is 64 to 88 base58 characters', hash);
      return this.readSolana(found.solana, hash);
    }
    if (!EVM_TX_HASH.test(hash)) throw invalidHash('a transaction hash is 0x and 64 hex digits', hash);
    return this.readEvm(found.endpoint, hash.toLowerCase());
  }

  onModuleDestroy(): void {
    for (const p of this.providers.values()) p.destroy();
  }

  private async readEvm(endpoint: EvmEndpoint, hash: string): Promise<EvmTransaction> {
    const provider = this.provider(endpoint);
    const receipt = await answered(provider.getTransactionReceipt(hash), endpoint.name);
    if (!receipt) throw notFound(endpoint.name, hash);
    const block = await answered(provider.getBlock(receipt.blockHash), endpoint.name);
    if (!block) throw unavailable(endpoint.name);
    return evmView(endpoint, receipt, block.timestamp);
  }

  private async readSolana(solana: SolanaDeployment, signature: string): Promise<SolanaTransaction> {
    let rpc = this.solanaRpcs.get(solana.rpcUrl);
    if (!rpc) this.solanaRpcs.set(solana.rpcUrl, (rpc = createSolanaRpc(solana.rpcUrl) as unknown as SolanaRpc));
    const tx = await answered(fetchJsonTransaction(rpc, signature as Signature), 'solana');
    if (!tx) throw notFound('solana', signature);
    return solanaView(signature, tx as SolanaJsonTransaction, solana.mint);
  }

  private async deployment(): Promise<DeploymentFile> {
    const file = this.config.COREX_DEPLOYMENT_FILE;
    if (!file) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (COREX_DEPLOYMENT_FILE is not set)');
    const deployment = await readDeploymentFile(file).catch((err: Error) => {
      throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', `the deployment file cannot be read: ${err.message.slice(0, 200)}`);
    });
    if (!deployment) throw new ChainUnavailableError('CHAIN.NOT_CONFIGURED', 'no chain is configured for this marketplace (the deployment file does not exist yet)');
    return deployment;
  }

  private provider({ rpcUrl, evmChainId }: EvmEndpoint): JsonRpcProvider {
    const key = `${evmChainId} ${rpcUrl}`;
    let p = this.providers.get(key);
    if (!p) this.providers.set(key, (p = chainProvider(rpcUrl, evmChainId)));
    return p;
  }
}

const invalidHash = (detail: string, hash: string) => new ValidationError('CHAIN.INVALID_TX_HASH', detail, { hash: hash.slice(0, 100) });
const notFound = (chain: string, hash: string) => new NotFoundError('CHAIN.TX_NOT_FOUND', `the ${chain} chain holds no landed transaction ${hash}`);
const unavailable = (chain: string) => new ChainUnavailableError('CHAIN.UNAVAILABLE', `the ${chain} chain does not answer at its RPC URL`, { retryable: true, chain });

/** The chain's answer, or 503 CHAIN.UNAVAILABLE when it fails or takes longer than RPC_TIMEOUT_MS. */
async function answered<T>(work: Promise<T>, chain: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), RPC_TIMEOUT_MS)));
  try {
    return await Promise.race([work, late]);
  } catch {
    throw unavailable(chain);
  } finally {
    clearTimeout(timer);
  }
}
