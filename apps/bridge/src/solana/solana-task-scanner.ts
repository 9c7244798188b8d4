import { createSolanaRpc, type Signature } from '@solana/kit';
import { findTaskTransfers, type CorexSolanaDeployment, type SolanaRpc, type SolanaTask } from '@corex/solana-devnet';
import type { Logger } from '@corex/platform';
import type { DataSource } from 'typeorm';
import type { TaskIntake } from '../tasks/task-intake';

/** Solana CXT has 9 decimals; escrows are carried in 18-decimal wei. */
export const SOLANA_WEI_PER_UNIT = 10n ** 9n;
const CURSOR = 'solana-escrow';

/**
 * Scans the Solana escrow's transactions for task payments (findTaskTransfers), oldest first, from
 * the cursor kept in Postgres (moved only after the tasks before it were taken in). Each task's spec
 * comes from the bridge's spec store (uploaded before the transfer: the memo carries only its hash).
 */
export class SolanaTaskScanner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly rpc: SolanaRpc,
    private readonly deployment: CorexSolanaDeployment,
    private readonly ds: DataSource,
    private readonly intake: TaskIntake,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  static rpcFor(url: string): SolanaRpc {
    return createSolanaRpc(url) as unknown as SolanaRpc;
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.scan()
        .catch((err: unknown) => this.logger.warn({ err }, 'Solana task scan failed: it retries'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: every task payment after the cursor, taken in, then the cursor moved. */
  async scan(): Promise<void> {
    const until = await this.cursor();
    const scan = await findTaskTransfers(this.rpc, this.deployment, { until });
    for (const rejection of scan.rejections) this.logger.warn({ rejection: { ...rejection, slot: rejection.slot.toString() } }, 'Solana payment is not a task');
    for (const task of scan.tasks) await this.takeIn(task);
    if (scan.cursor && scan.cursor !== until) {
      await this.ds.query(`INSERT INTO bridge.scan_cursors (name, cursor) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET cursor = $2, updated_at = now()`, [CURSOR, scan.cursor]);
    }
  }

  private async takeIn(task: SolanaTask): Promise<void> {
    const outcome = await this.intake.intakeSolana({
      taskId: task.taskId,
      source: { kind: 'solana', signature: task.signature, slot: Number(task.slot) },
      submitter: task.payer,
      token: this.deployment.mint,
      escrow: task.amount * SOLANA_WEI_PER_UNIT,
      specHash: task.specHash,
    });
    this.logger.info({ taskId: task.taskId, outcome }, 'Solana task taken in');
  }

  private async cursor(): Promise<Signature | undefined> {
    const rows = (await this.ds.query(`SELECT cursor FROM bridge.scan_cursors WHERE name = $1`, [CURSOR])) as { cursor: string }[];
    return rows[0]?.cursor as Signature | undefined;
  }
}
