import { performance } from 'node:perf_hooks';
import type { FragmentTask } from '@corex/events';
import { ValidationError } from '@corex/platform';
import { decodeRoundDescriptor, encodeFederatedResult, type FederatedResult, type RoundDescriptor } from '@corex/secure-aggregation';
import type { ExecutorCaches } from '../executor-caches';
import { fetchBlob, type BlobAccess } from '../fetch-blob';
import type { ExecutionResult } from '../execute-task';
import { runFederatedSetup, runFederatedUnmask, type FederatedNode } from './federated-phases';
import { runFederatedUpdate } from './federated-update';

/** The three phases of a secure-aggregation round, each run by the member that holds the private data. */
export const federatedKinds = ['federated-setup', 'federated-update', 'federated-unmask'] as const;
const PHASE_OF = { 'federated-setup': 'setup', 'federated-update': 'update', 'federated-unmask': 'unmask' } as const;

export const isFederatedTask = (task: FragmentTask): boolean => (federatedKinds as readonly string[]).includes(task.kind);

/** Where this node keeps its federation keys and private datasets, and who it is. */
export interface FederatedContext {
  readonly home: string;
  readonly nodeId: string;
}

/**
 * Runs a federated phase: its input blob is the round descriptor, its result the phase's
 * secure-aggregation document (encodeFederatedResult), stored like any result. Nothing of the
 * private rows goes into it but the masked update.
 */
export async function executeFederatedTask(task: FragmentTask, blobs: BlobAccess, caches: ExecutorCaches, context: FederatedContext | undefined): Promise<ExecutionResult> {
  const started = performance.now();
  if (!context) throw new ValidationError('RUNNER.FEDERATION_UNKNOWN', 'this executor has no node home: it runs no federated phase');
  const descriptor = readDescriptor(await fetchBlob(blobs, task.inputHash, 'input'));
  const phase = PHASE_OF[task.kind as keyof typeof PHASE_OF];
  if (descriptor.phase !== phase) throw new ValidationError('RUNNER.ROUND_DESCRIPTOR_INVALID', `a ${task.kind} task carries a ${descriptor.phase} descriptor`);
  const node: FederatedNode = { ...context, descriptor };
  let outcome: { output: FederatedResult; executionProvider: string };
  if (descriptor.phase === 'update') outcome = await runFederatedUpdate(node, descriptor, task, blobs, caches);
  else outcome = { output: descriptor.phase === 'setup' ? await runFederatedSetup(node, descriptor) : await runFederatedUnmask(node, descriptor), executionProvider: 'cpu' };
  const resultHash = await blobs.put(encodeFederatedResult(outcome.output));
  // The network checks rowsProcessed against the task; the private row count is in the (masked) update itself.
  return { resultHash, rowsProcessed: task.rows, durationMs: performance.now() - started, metrics: { rows: task.rows }, executionProvider: outcome.executionProvider };
}

function readDescriptor(bytes: Uint8Array): RoundDescriptor {
  try {
    return decodeRoundDescriptor(bytes);
  } catch (err) {
    throw new ValidationError('RUNNER.ROUND_DESCRIPTOR_INVALID', `the task's input is not a round descriptor: ${(err as Error).message}`);
  }
}
