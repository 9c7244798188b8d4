import type { EventEnvelope, StoredEvent } from '@corex/events';
import { collapseBatch, keysToLoad } from './batch';
import type { ProjectionDefinition } from './projection';

interface Counter {
  id: string;
  count: number;
}

const counters: ProjectionDefinition<Counter> = {
  name: 'test.counters',
  table: 'test.counters',
  key: 'id',
  filter: 'job.*',
  handles: ['corex.test.counted.v1', 'corex.test.removed.v1'],
  keyOf: (e) => e.subject,
  evolve: (row, e) => (e.type === 'corex.test.removed.v1' ? null : { id: e.subject, count: (row?.count ?? 0) + 1 }),
};

function stored(seq: number, subject: string, type = 'corex.test.counted.v1'): StoredEvent {
  return { seq, event: { id: `e${seq}`, subject, type } as EventEnvelope };
}

describe('collapseBatch', () => {
  it('folds several events of one key into one row', () => {
    const out = collapseBatch(counters, [stored(1, 'a'), stored(2, 'a'), stored(3, 'b')], 0, new Map());
    expect(out.upserts).toEqual([
      { id: 'a', count: 2 },
      { id: 'b', count: 1 },
    ]);
    expect(out.position).toBe(3);
  });

  it('starts from the current row and skips events at or below the checkpoint', () => {
    const current = new Map([['a', { id: 'a', count: 5 }]]);
    const out = collapseBatch(counters, [stored(4, 'a'), stored(5, 'a'), stored(6, 'a')], 5, current);
    expect(out.upserts).toEqual([{ id: 'a', count: 6 }]);
    expect(out.position).toBe(6);
  });

  it('changes nothing for a batch entirely at or below the checkpoint', () => {
    const out = collapseBatch(counters, [stored(1, 'a'), stored(2, 'a')], 2, new Map());
    expect(out).toEqual({ upserts: [], deletes: [], position: 2 });
  });

  it('deletes an existing row whose last event removes it', () => {
    const current = new Map([['a', { id: 'a', count: 1 }]]);
    const out = collapseBatch(counters, [stored(2, 'a'), stored(3, 'a', 'corex.test.removed.v1')], 1, current);
    expect(out).toEqual({ upserts: [], deletes: ['a'], position: 3 });
  });

  it('advances the position over events it does not handle', () => {
    const out = collapseBatch(counters, [stored(9, 'x', 'corex.other.v1')], 3, new Map());
    expect(out).toEqual({ upserts: [], deletes: [], position: 9 });
  });

  it('loads only keys of handled events, once each', () => {
    const keys = keysToLoad(counters, [stored(1, 'a'), stored(2, 'b'), stored(3, 'c', 'corex.other.v1'), stored(4, 'a')]);
    expect(keys).toEqual(['a', 'b']);
  });

  describe('with events that create rows', () => {
    const created: ProjectionDefinition<Counter> = {
      ...counters,
      handles: [...counters.handles, 'corex.test.created.v1'],
      creates: ['corex.test.created.v1'],
      evolve: (row, e) => (e.type === 'corex.test.created.v1' ? { id: e.subject, count: 0 } : counters.evolve(row, e, 0)),
    };

    it('does not read keys whose first event creates the row', () => {
      const events = [stored(1, 'a', 'corex.test.created.v1'), stored(2, 'a'), stored(3, 'b'), stored(4, 'b', 'corex.test.created.v1')];
      expect(keysToLoad(created, events)).toEqual(['b']);
    });

    it('reads a key after all when its creating event is behind the checkpoint', () => {
      const events = [stored(1, 'a', 'corex.test.created.v1'), stored(2, 'a')];
      expect(keysToLoad(created, events, 0)).toEqual([]);
      expect(keysToLoad(created, events, 1)).toEqual(['a']);
    });

    it('deletes a key it did not read when the batch ends it, since a row may exist', () => {
      const events = [stored(1, 'a', 'corex.test.created.v1'), stored(2, 'a', 'corex.test.removed.v1')];
      expect(collapseBatch(created, events, 0, new Map(), new Set()).deletes).toEqual(['a']);
      expect(collapseBatch(created, events, 0, new Map()).deletes).toEqual([]);
    });
  });
});
