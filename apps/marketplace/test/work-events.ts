import {
  FragmentAssigned,
  FragmentCompleted,
  FragmentLeaseEnded,
  JobCompleted,
  JobFailed,
  JobFragmentsPlanned,
  JobStepCompleted,
  JobSubmitted,
  type JobResult,
  type NewEvent,
} from '@corex/events';

/**
 * Events the scheduler appends, built with valid payloads, for tests that play the
 * scheduler's part on the real log (or feed a projection's evolve directly).
 */
export const NODE_A = 'A'.repeat(56);
export const NODE_B = 'B'.repeat(56);
export const hashOf = (c: string) => c.repeat(64).slice(0, 64);
const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute)).toISOString();

export const work = {
  submitted: (jobId: string, accountId = 'acc-1'): NewEvent => ({
    type: JobSubmitted.type,
    data: {
      jobId,
      accountId,
      type: 'training',
      model: 'penguins-mlp',
      dataset: 'penguins',
      budget: '5',
      priority: 'normal',
      requirements: {},
      params: {},
      submittedAt: at(0),
    },
  }),
  planned: (jobId: string, fragments: Array<{ id: string; rows: number }>, step = 0, totalSteps = 1): NewEvent => ({
    type: JobFragmentsPlanned.type,
    data: {
      jobId,
      step,
      totalSteps,
      totalRows: fragments.reduce((sum, f) => sum + f.rows, 0),
      fragments: fragments.map((f, index) => ({
        fragmentId: f.id,
        index,
        rowRange: [0, f.rows],
        size: { rows: f.rows, flops: 1000, memoryBytes: 4096 },
        task: { kind: 'gradient', graphHash: hashOf('1'), weightsHash: null, inputHash: hashOf('2'), auxHash: null, outputs: ['loss'], rows: f.rows },
      })),
      plannedAt: at(1),
    },
  }),
  assigned: (jobId: string, fragmentId: string, leaseId: string, nodeId = NODE_A, attempt = 1, minute = 2): NewEvent => ({
    type: FragmentAssigned.type,
    data: {
      fragmentId,
      jobId,
      nodeId,
      leaseId,
      attempt,
      score: { tier: 1.5, reputation: 0.5, stakeBoost: 2, priority: 2, sizeFit: 1, locality: 1, total: 3 },
      assignedAt: at(minute),
      leaseExpiresAt: at(minute + 5),
    },
  }),
  fragmentCompleted: (jobId: string, fragmentId: string, leaseId: string, rowsProcessed: number, nodeId = NODE_A): NewEvent => ({
    type: FragmentCompleted.type,
    data: {
      fragmentId,
      jobId,
      nodeId,
      leaseId,
      resultHash: hashOf('3'),
      durationMs: 12,
      rowsProcessed,
      metrics: {},
      signature: 'sig',
      completedAt: at(4),
    },
  }),
  leaseEnded: (jobId: string, fragmentId: string, leaseId: string, reason: 'expired' | 'cancelled' = 'expired', nodeId = NODE_A): NewEvent => ({
    type: FragmentLeaseEnded.type,
    data: { fragmentId, jobId, nodeId, leaseId, reason, endedAt: at(3) },
  }),
  step: (jobId: string, step: number, accuracy: number): NewEvent => ({
    type: JobStepCompleted.type,
    data: { jobId, step, loss: 1 - accuracy, accuracy, weightsHash: hashOf('4'), completedAt: at(5) },
  }),
  completed: (jobId: string, result: Partial<JobResult> = {}): NewEvent => ({
    type: JobCompleted.type,
    data: { jobId, result: { kind: 'model', resultHash: hashOf('5'), rows: 10, accuracy: 0.9, ...result }, completedAt: at(10) },
  }),
  failed: (jobId: string): NewEvent => ({
    type: JobFailed.type,
    data: { jobId, code: 'JOB.NO_NODES', reason: 'no node could take the work', failedAt: at(10) },
  }),
};

export const minuteIso = at;
