import type { Address } from '@solana/kit';
import type { EventFollower } from '@corex/chain';
import { loadCorexSolanaKeys } from '@corex/solana-devnet';
import type { EventLog } from '@corex/eventstore';
import type { Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { BridgeConfig } from '../config';
import type { BridgeNetwork } from '../network/bridge-network';
import { EvmStatusCarrier } from '../statuses/evm-status-carrier';
import { JobWatcher } from '../statuses/job-watcher';
import { StatusOutbox, type StatusCarrier } from '../statuses/status-outbox';
import { SpecStore } from '../specs/spec-store';
import { SolanaStatusCarrier } from '../solana/solana-status-carrier';
import { SolanaTaskScanner } from '../solana/solana-task-scanner';
import { evmTaskFollowers } from './evm-task-follower';
import { MarketplaceClient } from './marketplace-client';
import { TaskIntake } from './task-intake';
import { TaskLedger } from './task-ledger';

/**
 * The task half of the bridge, assembled: the ledger over the log, intake from every EVM chain, the
 * job watcher turning job events into statuses, and the outbox carrying them back. `start` resumes
 * from the log (every task's undelivered statuses, the followers' checkpoints).
 */
export class BridgeTasks {
  readonly ledger: TaskLedger;
  readonly specs: SpecStore;
  readonly marketplace?: MarketplaceClient;
  readonly intake?: TaskIntake;
  private readonly jobs = new Map<string, string>();
  private readonly followers: EventFollower[] = [];
  private watcher?: JobWatcher;
  private outbox?: StatusOutbox;
  private scanner?: SolanaTaskScanner;

  constructor(
    private readonly config: BridgeConfig,
    private readonly log: EventLog,
    private readonly ds: DataSource,
    private readonly network: BridgeNetwork | null,
    private readonly logger: Logger,
  ) {
    this.ledger = new TaskLedger(log);
    this.specs = new SpecStore(log, config.COREX_SUBJECT_PREFIX);
    if (config.COREX_BRIDGE_API_KEY && config.COREX_BRIDGE_ACCOUNT_ID) {
      this.marketplace = new MarketplaceClient(config.COREX_MARKETPLACE_URL, config.COREX_BRIDGE_API_KEY, config.COREX_BRIDGE_ACCOUNT_ID);
      if (network) this.intake = new TaskIntake(network, this.ledger, this.marketplace, logger, config.COREX_BRIDGE_MIN_ESCROW_WEI, this.specs);
    }
  }

  /**
   * The result document exactly as the network stored it (the blob whose sha256 the completed
   * status carried to the chain): never a re-encoding, so a dApp's hash check holds. Null when absent.
   */
  async resultDocument(resultHash: string): Promise<Uint8Array | null> {
    return (await this.log.blobs()).get(resultHash.replace(/^0x/, ''));
  }

  /** The marketplace job id of a task (undefined without a marketplace account). */
  jobIdOf(taskId: string): string | undefined {
    return this.marketplace?.jobIdOf(taskId);
  }

  async start(): Promise<void> {
    const { network, marketplace, intake } = this;
    if (!network || !marketplace || !intake) {
      this.logger.warn('no chain or no marketplace account (COREX_BRIDGE_API_KEY, COREX_BRIDGE_ACCOUNT_ID): the bridge takes no tasks');
      return;
    }
    this.ledger.onChange((taskId) => this.jobs.set(marketplace.jobIdOf(taskId), taskId));
    for (const taskId of await this.ledger.taskIds()) this.jobs.set(marketplace.jobIdOf(taskId), taskId);
    const solana = network.solana ? await this.openSolana(network.solana, intake) : [];
    const carriers = [new EvmStatusCarrier(network, this.ledger, this.logger, this.config.COREX_GUARDIAN_TIMEOUT_MS), ...solana];
    this.outbox = new StatusOutbox(this.ledger, carriers, this.logger);
    await this.outbox.start();
    this.watcher = new JobWatcher(this.log, this.ledger, (jobId) => this.jobs.get(jobId), this.logger);
    this.watcher.start();
    const settings = { confirmations: this.config.COREX_CHAIN_CONFIRMATIONS, pollMs: this.config.COREX_CHAIN_POLL_MS, guardianTimeoutMs: this.config.COREX_GUARDIAN_TIMEOUT_MS };
    this.followers.push(...evmTaskFollowers(network, this.ds, intake, this.logger, settings));
    for (const f of this.followers) f.start((err) => this.logger.warn({ err }, 'task follower failed: it retries'));
    this.scanner?.start();
  }

  /** The Solana side: the escrow scanner (started last) and the status carrier. */
  private async openSolana(settings: { rpcUrl: string; authorityFile: string }, intake: TaskIntake): Promise<StatusCarrier[]> {
    const { deployment, authority } = await loadCorexSolanaKeys(settings.authorityFile);
    const rpc = SolanaTaskScanner.rpcFor(settings.rpcUrl);
    this.scanner = new SolanaTaskScanner(rpc, deployment, this.ds, intake, this.logger, this.config.COREX_CHAIN_POLL_MS);
    const feeRecipient = (this.config.COREX_SOLANA_FEE_RECIPIENT ?? deployment.authority) as Address;
    return [new SolanaStatusCarrier(rpc, authority, deployment, feeRecipient, this.ledger, this.logger)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
    await this.scanner?.stop();
    await this.watcher?.stop();
    await this.outbox?.stop();
  }
}
