import { quorum, stepDeadline } from './step-deadline';

// Given: a step of 5 fragments planned at t = 0 with a 1000 ms deadline and 60% participation needed.
const step = { planned: 5, plannedAtMs: 0, deadlineMs: 1000, minParticipation: 0.6 };

describe('stepDeadline', () => {
  it('closes as soon as every fragment counts, deadline or not', () => {
    expect(stepDeadline({ ...step, counted: 5, nowMs: 10 })).toBe('close-all-in');
    expect(stepDeadline({ ...step, counted: 5, nowMs: 5000 })).toBe('close-all-in');
  });

  it('waits before the deadline even with a quorum', () => {
    expect(stepDeadline({ ...step, counted: 4, nowMs: 999 })).toBe('wait');
  });

  it('closes at the deadline with a quorum in hand (the rest become stragglers)', () => {
    expect(stepDeadline({ ...step, counted: 3, nowMs: 1000 })).toBe('close-at-deadline');
  });

  it('keeps waiting past the deadline below the quorum', () => {
    expect(stepDeadline({ ...step, counted: 2, nowMs: 60_000 })).toBe('keep-waiting-below-quorum');
  });
});

describe('quorum', () => {
  it('is ceil(planned · minParticipation), at least one, without float noise', () => {
    expect(quorum(5, 0.6)).toBe(3);
    expect(quorum(10, 0.7)).toBe(7);
    expect(quorum(3, 0.1)).toBe(1);
    expect(quorum(4, 1)).toBe(4);
  });
});
