import { createCorexCatalog, JobCancelled, JobCompleted, JobFailed, JobFragmentsPlanned, JobSubmitted, type NewEvent, type TaskSource } from '@corex/events';
import { deciderSpec } from '@corex/platform';
import type { CrossChainTaskCommand } from '../cross-chain-task.commands';
import { decideCrossChainTask } from '../cross-chain-task.decider';
import type { CrossChainTaskEvent } from '../cross-chain-task.events';
import { evolveCrossChainTask, initialCrossChainTaskState } from '../cross-chain-task.state';
import { crossChainJobId, specHashOf, type SubmitCrossChainTask } from '../submission';

/** given(events).when(command).then(events) for the cross-chain task. */
export const crossChainTask = deciderSpec<CrossChainTaskCommand, ReturnType<typeof initialCrossChainTaskState>, CrossChainTaskEvent>({
  decide: decideCrossChainTask,
  evolve: evolveCrossChainTask,
  initialState: initialCrossChainTaskState,
});

/** Folds events into the task's state. */
export const stateOf = (events: CrossChainTaskEvent[]) => events.reduce(evolveCrossChainTask, initialCrossChainTaskState());

/** Decides in turn, applying each decision, and returns every event decided. */
export function run(commands: CrossChainTaskCommand[], history: CrossChainTaskEvent[] = []): CrossChainTaskEvent[] {
  const events = [...history];
  for (const command of commands) events.push(...decideCrossChainTask(command, stateOf(events)));
  return events.slice(history.length);
}

const catalog = createCorexCatalog();
/** Throws unless every event is valid in the catalog. */
export const assertCatalogValid = (events: NewEvent[]) => events.forEach((e) => catalog.validate(e.type, e.data));

export const WEI = 10n ** 18n;
export const now = new Date('2026-11-30T12:00:00.000Z');
export const taskId = `0x${'ab'.repeat(32)}`;
export const portalToken = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const spec = JSON.stringify({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5' });
export const vaaSource = { kind: 'vaa', vaaHash: `0x${'11'.repeat(32)}`, emitter: `0x${'00'.repeat(12)}${'22'.repeat(20)}`, sequence: '7' } satisfies TaskSource;
export const jobId = crossChainJobId(4, taskId);
export const resultHash = 'c'.repeat(64);
export const weightsHash = 'd'.repeat(64);

/** A valid task from BSC: 10 CXT escrow (minimum 1 CXT), the spec and its hash. */
export function submit(overrides: Partial<SubmitCrossChainTask> = {}): SubmitCrossChainTask {
  return {
    kind: 'SubmitCrossChainTask',
    taskId,
    originChain: 4,
    source: vaaSource,
    submitter: `0x${'00'.repeat(12)}${'33'.repeat(20)}`,
    token: `0x000000000000000000000000${portalToken.slice(2).toLowerCase()}`,
    escrow: 10n * WEI,
    specHash: specHashOf(spec),
    spec,
    accountId: 'xc-bsc',
    policy: { tokens: [portalToken], minEscrow: WEI },
    now,
    ...overrides,
  };
}

/** The task's job events, as the marketplace and scheduler record them. */
export const jobEvents = {
  submitted: (): NewEvent => ({ type: JobSubmitted.type, data: { jobId } }),
  planned: (step = 0): NewEvent => ({ type: JobFragmentsPlanned.type, data: { jobId, step } }),
  completed: (weights: string | null = weightsHash): NewEvent => ({
    type: JobCompleted.type,
    data: { jobId, result: { kind: 'model', resultHash, rows: 10, ...(weights ? { weightsHash: weights } : {}) }, completedAt: now.toISOString() },
  }),
  failed: (): NewEvent => ({ type: JobFailed.type, data: { jobId, code: 'JOB.FRAGMENT_EXHAUSTED', reason: 'x', failedAt: now.toISOString() } }),
  cancelled: (): NewEvent => ({ type: JobCancelled.type, data: { jobId, accountId: 'xc-bsc', cancelledAt: now.toISOString() } }),
};

export const observe = (event: NewEvent, verification?: 'none' | 'passed' | 'failed'): CrossChainTaskCommand => ({ kind: 'ObserveJob', event, now, ...(verification ? { verification } : {}) });
