/**
 * One timer per job for its current step's deadline: when it fires the job is poked, and the
 * coordinator decides (stepDeadline) whether to close the step. No polling; a timer armed again
 * for the same step is kept, one for a new step replaces it.
 */
export class StepTimers {
  private readonly timers = new Map<string, { step: number; timer: NodeJS.Timeout }>();

  constructor(private readonly fire: (jobId: string) => void) {}

  /** Fires at `atMs` (epoch ms), at once if that has passed. */
  arm(jobId: string, step: number, atMs: number, nowMs: number): void {
    const armed = this.timers.get(jobId);
    if (armed?.step === step) return;
    if (armed) clearTimeout(armed.timer);
    const timer = setTimeout(() => {
      this.timers.delete(jobId);
      this.fire(jobId);
    }, Math.max(0, atMs - nowMs));
    timer.unref();
    this.timers.set(jobId, { step, timer });
  }

  clear(jobId: string): void {
    const armed = this.timers.get(jobId);
    if (armed) clearTimeout(armed.timer);
    this.timers.delete(jobId);
  }

  clearAll(): void {
    for (const jobId of [...this.timers.keys()]) this.clear(jobId);
  }

  get size(): number {
    return this.timers.size;
  }
}
