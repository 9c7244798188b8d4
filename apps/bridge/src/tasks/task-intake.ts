import { CrossChainTaskRejected, JobFailed, type TaskSource } from '@corex/events';
import { CorexError, deterministicId, type Logger } from '@corex/platform';
import { universalAddress } from '@corex/chain-contracts';
import { decodePayload, verifyVaa, type VaaRejectionCode } from '@corex/wormhole';
import type { BridgeNetwork } from '../network/bridge-network';
import { MarketplaceClient } from './marketplace-client';
import { jobRequestOf } from './job-request';
import type { TaskLedger } from './task-ledger';

/** What became of a task VAA. */
export type IntakeOutcome =
  | { kind: 'submitted' | 'rejected' | 'known'; taskId: string }
  | { kind: 'refused'; code: VaaRejectionCode | 'VAA.NOT_A_TASK' | string; reason: string };

/**
 * A task VAA into the network: verified off-chain (guardian set, quorum, signatures, a registered
 * portal as emitter), recorded on the home chain (CorexHub.receiveTask; already received is fine),
 * decided by the domain (CrossChainTaskSubmitted, or CrossChainTaskRejected with a `failed` status
 * queued), then submitted as the bridge account's job (Idempotency-Key = taskId). Every step is
 * idempotent, so the same VAA seen again (a rescan, a restart) changes nothing.
 */
export class TaskIntake {
  private readonly tokens = new Map<number, string>();

  constructor(
    private readonly network: BridgeNetwork,
    private readonly ledger: TaskLedger,
    private readonly marketplace: MarketplaceClient,
    private readonly logger: Logger,
    private readonly minEscrow: bigint,
    private readonly specs: { get(hash: string): Promise<string | undefined> },
  ) {}

  /**
   * A Solana task payment (already parsed: mint, escrow destination, reference, memo, success) into
   * the network; its spec comes from the spec store. No spec uploaded: the task fails and is refunded.
   */
  async intakeSolana(task: { taskId: string; source: TaskSource; submitter: string; token: string; escrow: bigint; specHash: string }): Promise<IntakeOutcome> {
    const spec = await this.specs.get(task.specHash.toLowerCase());
    const events = await this.ledger.decide(task.taskId, {
      kind: 'SubmitCrossChainTask',
      ...task,
      originChain: 'solana',
      spec,
      accountId: this.marketplace.accountId,
      policy: { tokens: [task.token], minEscrow: this.minEscrow },
      now: new Date(),
    });
    if (events.some((e) => e.type === CrossChainTaskRejected.type)) return { kind: 'rejected', taskId: task.taskId };
    await this.ensureJob(task.taskId, spec, task.escrow);
    return { kind: events.length ? 'submitted' : 'known', taskId: task.taskId };
  }

  async intakeVaa(bytes: Uint8Array): Promise<IntakeOutcome> {
    const allowedEmitters = this.network.chains.map((c) => ({ chain: c.wormholeChainId, address: c.portal }));
    const verified = await verifyVaa(bytes, { guardianSets: this.network.guardianSets, allowedEmitters });
    if (!verified.ok) {
      this.logger.warn({ code: verified.code, reason: verified.reason }, 'task VAA refused');
      return { kind: 'refused', code: verified.code, reason: verified.reason };
    }
    const { vaa } = verified;
    const payload = decodePayload(vaa.payload);
    if (payload.kind !== 'TaskSubmitted') return { kind: 'refused', code: 'VAA.NOT_A_TASK', reason: `a ${payload.kind} message is not a task` };
    const origin = this.network.chains.find((c) => c.wormholeChainId === vaa.emitterChain)!;
    await this.receiveOnHub(bytes, payload.taskId, vaa.hash);
    const source = { kind: 'vaa' as const, vaaHash: vaa.hash, emitter: vaa.emitterAddress, sequence: vaa.sequence.toString() };
    try {
      const events = await this.ledger.decide(payload.taskId, {
        kind: 'SubmitCrossChainTask',
        taskId: payload.taskId,
        originChain: vaa.emitterChain,
        source,
        submitter: payload.submitter,
        token: payload.token,
        escrow: payload.escrow,
        specHash: payload.specHash,
        spec: payload.spec,
        accountId: this.marketplace.accountId,
        policy: { tokens: [await this.escrowToken(origin.wormholeChainId)], minEscrow: this.minEscrow },
        now: new Date(),
      });
      if (events.some((e) => e.type === CrossChainTaskRejected.type)) return { kind: 'rejected', taskId: payload.taskId };
      if (events.length === 0) {
        // Seen before (a rescan, a resend): its job may not have been submitted yet when the bridge stopped.
        await this.ensureJob(payload.taskId, payload.spec, payload.escrow);
        return { kind: 'known', taskId: payload.taskId };
      }
    } catch (err) {
      if (err instanceof CorexError) return { kind: 'refused', code: err.code, reason: err.message };
      throw err;
    }
    await this.ensureJob(payload.taskId, payload.spec, payload.escrow);
    return { kind: 'submitted', taskId: payload.taskId };
  }

  /**
   * Submits the task's job, once (Idempotency-Key = taskId). A spec the marketplace refuses, or whose
   * budget exceeds the escrow, fails the task: its `failed` status refunds the escrow.
   */
  async ensureJob(taskId: string, spec: string | undefined, escrow: bigint): Promise<void> {
    const { state } = await this.ledger.load(taskId);
    if (state.kind !== 'submitted') return;
    const request = spec === undefined ? { ok: false as const, code: 'BRIDGE.SPEC_MISSING', detail: 'no spec was uploaded under the task spec hash' } : jobRequestOf(spec, escrow);
    const outcome = request.ok ? await this.marketplace.submitJob(taskId, request.request) : { ok: false as const, code: request.code, detail: request.detail };
    if (outcome.ok) return;
    this.logger.warn({ taskId, code: outcome.code, detail: outcome.detail }, 'the task cannot run as a job: it fails');
    const data = { jobId: state.jobId, code: outcome.code.slice(0, 64), reason: outcome.detail.slice(0, 500) };
    const event = { id: deterministicId('bridge-job-refused', taskId), type: JobFailed.type, data };
    await this.ledger.decide(taskId, { kind: 'ObserveJob', event, now: new Date() });
  }

  /**
   * The submitter asked its portal to cancel: recorded once (CrossChainCancelRequested), then the job is
   * cancelled; its JobCancelled brings the `cancelled` status, which refunds the escrow. A request from
   * someone else, or for a task the bridge does not know, is logged and dropped.
   */
  async requestCancel(taskId: string, requester: string, source: { kind: 'log'; txHash: string; logIndex: number }): Promise<void> {
    try {
      await this.ledger.decide(taskId, { kind: 'RequestCancel', requester, source, now: new Date() });
    } catch (err) {
      if (!(err instanceof CorexError)) throw err;
      return this.logger.warn({ taskId, code: err.code }, 'cancel request dropped');
    }
    const { state } = await this.ledger.load(taskId);
    if (state.kind === 'submitted' && state.cancelRequested) await this.marketplace.cancelJob(this.marketplace.jobIdOf(taskId));
  }

  private async receiveOnHub(bytes: Uint8Array, taskId: string, vaaHash: string): Promise<void> {
    const { hub, signer } = { hub: this.network.home.contracts.hub!, signer: this.network.home.signer };
    if ((await hub.taskOrigin(taskId)) !== 0n) return;
    const data = hub.interface.encodeFunctionData('receiveTask', [bytes]);
    await signer.submit(`bridge:receive-task:${vaaHash}`, { to: this.network.home.hub, data });
    await signer.waitMined(`bridge:receive-task:${vaaHash}`);
  }

  private async escrowToken(wormholeChainId: number): Promise<string> {
    if (!this.tokens.has(wormholeChainId)) {
      const chain = this.network.chains.find((c) => c.wormholeChainId === wormholeChainId)!;
      this.tokens.set(wormholeChainId, universalAddress(await chain.contracts.portal.escrowToken()));
    }
    return this.tokens.get(wormholeChainId)!;
  }
}
