import { deepStrictEqual, throws } from 'node:assert';

export interface Decider<Command, State, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * given(events).when(command).then(events) | .thenThrows(code): tests a decider with no
 * broker and no database. Assertions throw (node:assert), so any test runner reports them.
 */
export function deciderSpec<Command, State, Event>(decider: Decider<Command, State, Event>) {
  return {
    given(history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]) {
              deepStrictEqual(run(), expected);
            },
            thenThrows(code: string) {
              throws(run, (err: unknown) => (err as { code?: string }).code === code);
            },
          };
        },
      };
    },
  };
}
