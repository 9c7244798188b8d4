import type { FragmentKind } from '@corex/events';
import { decodeFederatedResult, decodeRoundDescriptor, structuralMismatch, type ExpectedResult } from '@corex/secure-aggregation';

const PHASES: Partial<Record<FragmentKind, ExpectedResult['phase']>> = { 'federated-setup': 'setup', 'federated-update': 'update', 'federated-unmask': 'unmask' };

/** True for the three phases of a secure-aggregation round: judged by form only (docs/federated.md). */
export function isFederatedKind(kind: FragmentKind): boolean {
  return PHASES[kind] !== undefined;
}

/**
 * What is wrong with a federated result's form, or null: a secure-aggregation document of the
 * task's phase, from the node that completed it, for the descriptor's round, a masked vector of
 * the model's length (parameters + rows) and shares addressed to exactly the round's members.
 */
export function federatedStructureProblem(result: Uint8Array, kind: FragmentKind, nodeId: string, descriptorBytes: Uint8Array): string | null {
  let decoded: ReturnType<typeof decodeFederatedResult>;
  try {
    decoded = decodeFederatedResult(result);
  } catch (err) {
    return `not a secure-aggregation document: ${(err as Error).message}`;
  }
  const d = decodeRoundDescriptor(descriptorBytes);
  const expected: ExpectedResult = {
    phase: PHASES[kind]!,
    nodeId,
    ...(d.phase !== 'setup' ? { round: d.round } : {}),
    ...(d.phase === 'update' ? { length: parameters(d.shape) + 1 } : {}),
    ...(d.phase !== 'unmask' ? { members: d.members.map((m) => m.nodeId) } : {}),
  };
  return structuralMismatch(decoded, expected);
}

function parameters(shape: { inputs: number; hidden: number | number[]; classes: number }): number {
  const widths = [shape.inputs, ...(Array.isArray(shape.hidden) ? shape.hidden : [shape.hidden]), shape.classes];
  return widths.slice(1).reduce((sum, width, i) => sum + widths[i]! * width + width, 0);
}
