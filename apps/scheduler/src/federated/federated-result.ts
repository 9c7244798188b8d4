import type { FragmentTask } from '@corex/events';
import { decodeFederatedResult, decodeRoundDescriptor, structuralMismatch, type ExpectedResult } from '@corex/secure-aggregation';
import { FRAGMENT_KIND_OF } from './federated-steps';

const PHASE_OF_KIND = new Map(Object.entries(FRAGMENT_KIND_OF).map(([phase, kind]) => [kind as string, phase as ExpectedResult['phase']]));

/** True for the three phases of a secure-aggregation round. */
export function isFederatedTask(task: Pick<FragmentTask, 'kind'>): boolean {
  return PHASE_OF_KIND.has(task.kind);
}

/**
 * What is wrong with a federated result, or null: it must decode as a secure-aggregation
 * document of the task's phase, from the node that ran it, for the descriptor's round, with a
 * masked vector of the model's length and shares addressed to exactly the round's members.
 */
export function federatedResultProblem(bytes: Uint8Array, task: FragmentTask, nodeId: string, descriptorBytes: Uint8Array): string | null {
  let result: ReturnType<typeof decodeFederatedResult>;
  try {
    result = decodeFederatedResult(bytes);
  } catch (err) {
    return `not a secure-aggregation document: ${(err as Error).message}`;
  }
  const descriptor = decodeRoundDescriptor(descriptorBytes);
  const members = descriptor.members.map((m) => m.nodeId);
  const expected: ExpectedResult = {
    phase: PHASE_OF_KIND.get(task.kind)!,
    nodeId,
    ...(descriptor.phase !== 'setup' ? { round: descriptor.round } : {}),
    ...(descriptor.phase === 'update' ? { length: vectorLengthOf(descriptor.shape) } : {}),
    ...(descriptor.phase !== 'unmask' ? { members } : {}),
  };
  return structuralMismatch(result, expected);
}

/** Parameters of the MLP the update descriptor names, plus the row count. */
export function vectorLengthOf(shape: { inputs: number; hidden: number | number[]; classes: number }): number {
  const widths = [shape.inputs, ...(Array.isArray(shape.hidden) ? shape.hidden : [shape.hidden]), shape.classes];
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1]! * widths[i]! + widths[i]!;
  return count + 1;
}
