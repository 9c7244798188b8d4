import type { VerificationEscalatedData } from '@corex/events';
import type { Logger } from '@corex/platform';
import { decideReplica, type AssignedEvent, type PlanReplicaCommand } from '@corex/scheduler-domain';
import { needsReplica } from '@corex/verification-domain';
import type { SchedulerRuntime } from '../runtime/scheduler-runtime';

/**
 * Plans replicas (docs/verification.md): work given to an untrusted node, or any work of a
 * `redundancy` job, also runs on another node (reason `policy`, recorded before the node hears of
 * its lease so that the replica gate holds its reveal); a verification the verifier could not
 * decide gets one more (reason `escalated`). A replica that cannot be recorded is not retried:
 * the verifier recomputes instead.
 */
export class ReplicaPlanner {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly logger: Logger,
  ) {}

  /** After an assignment was recorded. */
  async afterAssignment(event: AssignedEvent, now: number): Promise<void> {
    const { fragmentId, jobId, nodeId } = event.data;
    const job = this.runtime.jobs.get(jobId)?.job;
    if (this.runtime.verificationMode === 'off' || !job) return;
    if (!needsReplica(this.runtime.state.trustOf(nodeId), job.verification)) return;
    await this.plan({ fragmentId, task: this.runtime.tasks.get(fragmentId)!, reason: 'policy', excludeNodes: [nodeId], now });
  }

  /** VerificationEscalated (live): another replica of the original, on none of the group's nodes. */
  async afterEscalation(d: VerificationEscalatedData, now = Date.now()): Promise<void> {
    const original = this.runtime.state.reveals.originalOf(d.fragmentId) ?? d.fragmentId;
    const task = this.runtime.tasks.get(original);
    if (!task) return;
    const excludeNodes = [d.nodeId, ...this.runtime.state.reveals.nodesOfGroup(original)];
    await this.plan({ fragmentId: original, task, reason: 'escalated', excludeNodes, now });
  }

  private async plan(command: PlanReplicaCommand): Promise<void> {
    // A pinned fragment (federated phase) runs on its node only: nobody else holds its data.
    if (this.runtime.state.fragment(command.fragmentId)?.plan.pinnedNode !== undefined) return;
    const replica = decideReplica(this.runtime.state, command);
    if (!replica) return;
    try {
      await this.runtime.withFragment(replica.data.fragmentId, () => this.runtime.recordFragment(replica, command.now));
      this.runtime.notifyWork();
    } catch (err) {
      this.logger.warn({ err, fragmentId: command.fragmentId }, 'replica not recorded; the verifier recomputes instead');
    }
  }
}
