import type { Schemas } from '@corex/client';

export type StepRecord = Pick<Schemas['TrainingStepRecord'], 'step' | 'loss'> & { accuracy?: number | null };
export interface CurvePoint {
  step: number;
  loss: number;
  accuracy: number | null;
}

/** One point per step, in step order: a step seen twice (the page, then the live stream) counts once, the later record winning. */
export function mergeSteps(known: readonly StepRecord[], added: readonly StepRecord[]): CurvePoint[] {
  const byStep = new Map<number, CurvePoint>();
  for (const s of [...known, ...added]) byStep.set(s.step, { step: s.step, loss: s.loss, accuracy: s.accuracy ?? null });
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** CXT amounts arrive in wei (18 decimals) as decimal strings; shown with at most 4 decimals, without floating point. */
export function formatCxt(wei: string): string {
  if (!/^\d+$/.test(wei)) return wei;
  const padded = wei.padStart(19, '0');
  const whole = padded.slice(0, -18).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(-18, -14).replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} CXT`;
}
