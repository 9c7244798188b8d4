import type { CrossChainTaskState } from '@corex/bridge-domain';
import type { TaskView } from './task.view.schema';

/** GET /v1/tasks/{taskId}: where the task came from, its job, and each status with how far it got. */
export function taskView(state: Exclude<CrossChainTaskState, { kind: 'unknown' }>, jobId: string | undefined): TaskView {
  const latest = state.statuses.at(-1);
  return {
    taskId: state.taskId,
    originChain: state.originChain,
    state: state.kind,
    jobId: state.kind === 'submitted' ? jobId : undefined,
    status: latest?.status ?? null,
    verification: latest?.verification ?? 'none',
    resultHash: state.statuses.find((s) => s.status === 'completed')?.resultHash ?? null,
    statuses: state.statuses.map((s) => ({
      status: s.status,
      verification: s.verification,
      resultHash: s.resultHash,
      weightsHash: s.weightsHash,
      published: s.published ?? null,
      delivered: s.delivered ?? null,
    })),
  };
}
