import type { DataSource } from 'typeorm';
import type { EventEnvelope, StoredEvent } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { createTestDatabase, disposeTestLog, openTestLog } from '../../../test/support/infra';
import { openDataSource, Projector, type ProjectionDefinition } from './index';

interface Tally {
  id: string;
  bumps: number;
}

/** `created` makes a row from the event alone (so its key is not read); `bumped` needs the row. */
const tallies: ProjectionDefinition<Tally> = {
  name: 'test.tallies',
  table: 'proj_creates.tallies',
  key: 'id',
  filter: 'job.*',
  handles: ['t.created', 't.bumped', 't.removed'],
  creates: ['t.created'],
  keyOf: (e) => e.subject,
  evolve: (row, e) => {
    if (e.type === 't.created') return { id: e.subject, bumps: 0 };
    if (e.type === 't.removed') return null;
    return row && { ...row, bumps: row.bumps + 1 };
  },
};

const at = (seq: number, type: string, subject: string): StoredEvent => ({ seq, event: { id: `e${seq}`, type, subject } as EventEnvelope });

describe('projector with creating events', () => {
  let log: EventLog;
  let ds: DataSource;
  let db: { url: string; drop: () => Promise<void> };
  let projector: Projector<Tally>;
  const rows = (): Promise<Tally[]> => ds.query(`SELECT id, bumps FROM proj_creates.tallies ORDER BY id`);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url });
    await ds.query(`CREATE SCHEMA proj_creates; CREATE TABLE proj_creates.tallies (id text PRIMARY KEY, bumps int NOT NULL)`);
    log = await openTestLog('test', 'creates');
    projector = new Projector(ds, log, tallies);
    await projector.start();
  });

  afterAll(async () => {
    await projector.stop();
    await disposeTestLog(log);
    await ds.destroy();
    await db.drop();
  });

  it('reads the row after all when the creating event of a redelivered batch is behind the checkpoint', async () => {
    await projector.applyBatch([at(1, 't.created', 'a'), at(2, 't.bumped', 'a')]);
    // Redelivered with one more event: the creation (seq 1) is skipped, the bump (seq 3) needs row a from the table.
    await projector.applyBatch([at(1, 't.created', 'a'), at(2, 't.bumped', 'a'), at(3, 't.bumped', 'a')]);
    expect(await rows()).toEqual([{ id: 'a', bumps: 2 }]);
  });

  it('deletes a row it did not read when the batch creates it again and then removes it', async () => {
    await projector.applyBatch([at(4, 't.created', 'b')]);
    expect(await rows()).toContainEqual({ id: 'b', bumps: 0 });
    await projector.applyBatch([at(5, 't.created', 'b'), at(6, 't.removed', 'b')]);
    expect((await rows()).map((r) => r.id)).toEqual(['a']);
    expect(await projector.position()).toBe(6);
  });
});
