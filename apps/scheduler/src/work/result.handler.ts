import { decodeTensorMap } from '@corex/compute';
import { FragmentCompleted } from '@corex/events';
import { nodeErrorCodes, verifyResult, type ResultBody, type ResultReply } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { JobCoordinator } from '../coordination/job-coordinator';
import type { RejectionAudit } from '../register-node/rejection-audit';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';
import { recordLeaseEnded } from './lease-ended';
import { leaseRefusal, refuseAndAudit, refuseUnverified } from './refusals';

/**
 * A node reports a finished fragment. Accepted only under the fragment's current lease (fencing),
 * with the result blob present, hashing to `resultHash` and holding the task's outputs.
 */
export class ResultHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly coordinator: JobCoordinator,
    private readonly audit: Pick<RejectionAudit, 'record'>,
    private readonly logger: Logger,
  ) {}

  async handle(message: unknown): Promise<ResultReply> {
    const now = new Date();
    const verified = verifyResult(message, { now });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'result');
    const body = verified.body;
    const claim = { fragmentId: body.fragmentId, nodeId: body.nodeId, leaseId: body.leaseId, now: now.getTime() };
    const check = this.runtime.state.checkResult(claim);
    if (!check.ok) return refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', leaseRefusal(check.code));
    const problem = await this.resultProblem(body);
    if (problem) {
      await this.failLease(body, now);
      return refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', { ok: false, code: nodeErrorCodes.RESULT_BLOB_INVALID, message: problem });
    }
    const completion = this.runtime.state.complete(body.fragmentId, body.leaseId, body.nodeId, Date.now());
    if (!completion.ok) return refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', leaseRefusal(completion.code));
    // The node has a free slot again: a long-polling request of its may now be served.
    this.runtime.notifyWork();
    await this.recordCompletion(body, verified.signature, now);
    return { ok: true };
  }

  private async recordCompletion(body: ResultBody, signature: string, now: Date): Promise<void> {
    const jobId = this.runtime.jobOf(body.fragmentId);
    const event = {
      type: FragmentCompleted.type,
      id: `completed-${body.leaseId}`,
      data: {
        fragmentId: body.fragmentId,
        jobId,
        nodeId: body.nodeId,
        leaseId: body.leaseId,
        resultHash: body.resultHash,
        durationMs: body.durationMs,
        rowsProcessed: body.rowsProcessed,
        metrics: body.metrics,
        signature,
        completedAt: now.toISOString(),
      },
    };
    await this.runtime.appendToFragment(body.fragmentId, event);
    this.runtime.recordResult(jobId, body.fragmentId, body.resultHash);
    this.coordinator.poke(jobId);
  }

  /** What is wrong with the result blob, or null. Reading it verifies its sha256; a good one is kept for the job's assembly (RecentResults). */
  private async resultProblem(body: ResultBody): Promise<string | null> {
    const task = this.runtime.tasks.get(body.fragmentId);
    let bytes: Uint8Array | null;
    try {
      bytes = await (await this.runtime.log.blobs()).get(body.resultHash);
    } catch (err) {
      return `result blob does not hash to ${body.resultHash}`;
    }
    if (!bytes) return `no result blob ${body.resultHash} in the blob store`;
    let outputs: ReturnType<typeof decodeTensorMap>;
    try {
      outputs = decodeTensorMap(bytes);
    } catch {
      return 'result blob is not a tensor map';
    }
    const missing = (task?.outputs ?? []).filter((name) => !outputs[name]);
    if (missing.length) return `result lacks outputs ${missing.join(', ')}`;
    this.runtime.recentResults.remember(body.resultHash, bytes);
    return null;
  }

  private async failLease(body: ResultBody, now: Date): Promise<void> {
    const released = this.runtime.state.release(body.fragmentId, body.leaseId, body.nodeId, now.getTime(), 'failed');
    if (released.ok) await recordLeaseEnded(this.runtime, released.ended, now);
  }
}
