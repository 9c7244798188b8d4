import type { JobRequirements } from '@corex/events';
import type { NodeInput } from '../nodes/node-profile';
import type { FragmentPlan, JobPriority } from '../planning/plan-fragments';
import { SchedulerState } from '../scheduler/scheduler-state';
import type { Assignment, SchedulerOptions } from '../scheduler/scheduler-types';

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
export const T0 = Date.parse('2026-11-25T10:00:00.000Z');

interface PlanOptions {
  readonly jobId?: string;
  readonly priority?: JobPriority;
  readonly memoryBytes?: number;
  readonly requirements?: JobRequirements;
}

/** A planned inference fragment with the given size and requirements. */
export function plan(fragmentId: string, options: PlanOptions = {}): FragmentPlan {
  return {
    fragmentId,
    jobId: options.jobId ?? 'job-1',
    index: 0,
    step: 0,
    kind: 'inference',
    rowRange: [0, 64],
    size: { rows: 64, flops: 1e6, memoryBytes: options.memoryBytes ?? MiB },
    priority: options.priority ?? 'normal',
    requirements: options.requirements ?? {},
  };
}

/** A CPU node with 8 GiB, 4 slots, standard tier unless overridden. */
export function node(nodeId: string, overrides: Partial<NodeInput> = {}): NodeInput {
  return { nodeId, memoryBytes: 8 * GiB, gpus: 0, gflops: 10, capacitySlots: 4, ...overrides };
}

/** A scheduler holding these nodes (registered at T0) and fragments, in this order. */
export function givenScheduler(setup: { nodes?: NodeInput[]; fragments?: FragmentPlan[]; options?: SchedulerOptions }): SchedulerState {
  const state = new SchedulerState({ leaseTtlMs: 10_000, heartbeatTimeoutMs: 30_000, ...setup.options });
  for (const input of setup.nodes ?? []) state.upsertNode(input, T0);
  state.addFragments(setup.fragments ?? []);
  return state;
}

/** One fragment for the node, using all its memory. */
export function requestOne(state: SchedulerState, nodeId: string, now = T0, freeMemoryBytes = Number.MAX_SAFE_INTEGER): Assignment | undefined {
  return state.requestWork({ nodeId, freeMemoryBytes, slots: 1, now })[0];
}

/** Fragment ids handed to the node, one request at a time, until it gets nothing. */
export function drainFor(state: SchedulerState, nodeId: string, now = T0): string[] {
  const ids: string[] = [];
  for (let assignment = requestOne(state, nodeId, now); assignment; assignment = requestOne(state, nodeId, now)) {
    ids.push(assignment.fragment.fragmentId);
    state.complete(assignment.fragment.fragmentId, assignment.lease.leaseId, nodeId, now);
  }
  return ids;
}
