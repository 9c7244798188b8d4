interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Promises that resolve when a position reaches a sequence. */
export class PositionWaiters {
  private position = 0;
  private waiters: Waiter[] = [];

  /** The highest position reached so far. */
  get current(): number {
    return this.position;
  }

  reached(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.seq <= position);
    this.waiters = this.waiters.filter((w) => w.seq > position);
    for (const w of ready) {
      clearTimeout(w.timer);
      w.resolve();
    }
  }

  wait(seq: number, timeoutMs: number): Promise<void> {
    if (seq <= this.position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`position ${seq} not reached within ${timeoutMs} ms (at ${this.position})`));
      }, timeoutMs);
      const waiter: Waiter = { seq, resolve, reject, timer };
      this.waiters.push(waiter);
    });
  }

  rejectAll(err: Error): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiters = [];
  }
}
