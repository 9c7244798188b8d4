/** Where a training step stands, as the scheduler sees it at `nowMs`. */
export interface StepDeadlineInput {
  /** Fragments planned for the step. */
  planned: number;
  /** Fragments whose results count (verified or accepted). */
  counted: number;
  plannedAtMs: number;
  nowMs: number;
  deadlineMs: number;
  /** Share of planned fragments needed to close at the deadline, 0..1. */
  minParticipation: number;
}

/** What to do with the step now. */
export type StepDeadlineDecision = 'wait' | 'close-all-in' | 'close-at-deadline' | 'keep-waiting-below-quorum';

/** Smallest number of counted fragments that closes a step at its deadline (at least one). */
export function quorum(planned: number, minParticipation: number): number {
  return Math.max(1, Math.ceil(planned * minParticipation - 1e-9));
}

/**
 * Decides a step: close when every fragment counts; before the deadline wait; at or after it close
 * with the fragments in hand if they reach the quorum (the rest become stragglers), else keep waiting.
 */
export function stepDeadline(input: StepDeadlineInput): StepDeadlineDecision {
  if (input.counted >= input.planned) return 'close-all-in';
  if (input.nowMs - input.plannedAtMs < input.deadlineMs) return 'wait';
  return input.counted >= quorum(input.planned, input.minParticipation) ? 'close-at-deadline' : 'keep-waiting-below-quorum';
}
