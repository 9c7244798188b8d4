import { parseEther, type Contract } from 'ethers';
import { connectCorex, CorexToken__factory, deployCorex } from '@corex/chain-contracts';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@corex/projections';
import { createTestDatabase } from '../../../test/support/infra';
import { chainMigrations, EventFollower, type ChainEvent, type EventFollowerOptions } from './index';
import { startAnvil as startTestAnvil, type AnvilChain as TestAnvil } from '@corex/chain-contracts/src/testing/anvil';
import { deployEmitter, emitterArtifact } from './testing/emitter';
import { until } from '../../../test/support/until';

describe('EventFollower against anvil', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let anvil: TestAnvil;
  let emitter: Contract;
  let startBlock: number;
  let followers = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url, migrations: chainMigrations, migrationsTableName: 'chain_migrations' });
    // The primary key is the test's detector of doubles: a second insert of an event fails the handler.
    await ds.query(`CREATE TABLE handled (follower text NOT NULL, id text NOT NULL, seq int NOT NULL, block int NOT NULL, PRIMARY KEY (follower, id))`);
  });
  beforeEach(async () => {
    anvil = await startTestAnvil();
    startBlock = await anvil.provider.getBlockNumber();
    emitter = await deployEmitter(anvil.wallet(0));
  });
  afterEach(async () => anvil?.stop());
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** Emits `counts[i]` Ping events in transaction i, one block each; returns how many in all. */
  const emit = async (counts: number[]): Promise<number> => {
    for (const n of counts) await (await (emitter.ping as (n: number) => Promise<{ wait(): Promise<unknown> }>)(n)).wait();
    return counts.reduce((a, b) => a + b, 0);
  };

  const follower = (name: string, handler: EventFollowerOptions['handler'], extra: Partial<EventFollowerOptions> = {}) =>
    new EventFollower({
      name,
      ds,
      provider: anvil.provider,
      chainId: anvil.chainId,
      contracts: [{ name: 'Emitter', address: emitter.target as string, abi: emitterArtifact().abi }],
      startBlock,
      confirmations: 2,
      handler,
      maxBlockRange: 3,
      maxEventsPerBatch: 2,
      pollMs: 20,
      ...extra,
    });

  const recorder = (name: string) => async (events: ChainEvent[], em: Parameters<EventFollowerOptions['handler']>[1]) => {
    for (const e of events) await em.query(`INSERT INTO handled (follower, id, seq, block) VALUES ($1, $2, $3, $4)`, [name, e.id, Number(e.args.seq), e.blockNumber]);
  };
  const handledSeqs = async (name: string): Promise<number[]> =>
    (await ds.query(`SELECT seq FROM handled WHERE follower = $1 ORDER BY seq`, [name])).map((r: { seq: number }) => r.seq);
  const seqs = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('crashes mid-range, restarts from its checkpoint and handles every event exactly once', async () => {
    const name = `crash-${++followers}`;
    const total = await emit([1, 3, 2, 5, 1, 2, 3, 1]);
    await anvil.mine(2);
    let batches = 0;
    const crashing = follower(name, async (events, em) => {
      if (++batches === 4) throw new Error('killed mid-range');
      await recorder(name)(events, em);
    });
    await expect(crashing.catchUp()).rejects.toThrow('killed mid-range');
    const before = await handledSeqs(name);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(total);

    await follower(name, recorder(name)).catchUp();
    expect(await handledSeqs(name)).toEqual(seqs(total));
  });

  it('handles a block only once it is `confirmations` deep', async () => {
    const name = `depth-${++followers}`;
    const f = follower(name, recorder(name));
    await emit([2]);
    await anvil.mine(2);
    await f.catchUp();
    expect(await handledSeqs(name)).toEqual([0, 1]);

    await emit([3]);
    await f.catchUp();
    expect(await handledSeqs(name)).toEqual([0, 1]);
    await anvil.mine(1);
    await f.catchUp();
    expect(await handledSeqs(name)).toEqual([0, 1]);
    await anvil.mine(1);
    await f.catchUp();
    expect(await handledSeqs(name)).toEqual(seqs(5));
  });

  it('follows new blocks in the background until stopped; a new instance neither misses nor repeats', async () => {
    const name = `loop-${++followers}`;
    const first = follower(name, recorder(name));
    const errors: unknown[] = [];
    first.start((err) => errors.push(err));
    await emit([2, 1]);
    await anvil.mine(2);
    await waitFor(async () => (await handledSeqs(name)).length === 3);
    await first.stop();

    await emit([4]);
    await anvil.mine(2);
    const second = follower(name, recorder(name));
    second.start((err) => errors.push(err));
    await waitFor(async () => (await handledSeqs(name)).length >= 7);
    await second.stop();
    expect(await handledSeqs(name)).toEqual(seqs(7));
    expect(errors).toEqual([]);
  });

  it('decodes the Corex contracts: CXT transfers arrive with their sender, receiver and amount', async () => {
    const name = `cxt-${++followers}`;
    const operator = anvil.wallet(1).address;
    const from = await anvil.provider.getBlockNumber();
    const deployed = await deployCorex(anvil.wallet(0), { settler: operator, anchor: operator, slasher: operator, binder: operator });
    const token = connectCorex(deployed, anvil.wallet(0)).token;
    const receivers = [anvil.wallet(2).address, anvil.wallet(3).address];
    for (const [i, to] of receivers.entries()) await (await token.transfer(to, parseEther(String(i + 1)))).wait();
    await anvil.mine(2);
    const seen: string[] = [];
    await follower(name, async (events) => void seen.push(...events.map((e) => `${e.name} ${e.args.from} ${e.args.to} ${e.args.value}`)), {
      contracts: [{ name: 'CorexToken', address: deployed.token, abi: CorexToken__factory.abi }],
      startBlock: from,
    }).catchUp();
    const transfers = seen.filter((s) => s.startsWith('Transfer') && !s.includes('0x0000000000000000000000000000000000000000'));
    expect(transfers).toEqual(receivers.map((to, i) => `Transfer ${anvil.wallet(0).address} ${to} ${parseEther(String(i + 1))}`));
  });

  it('stops with CHAIN.REORG_BEYOND_CONFIRMATIONS when a handled block is replaced (out of scope to repair)', async () => {
    const name = `reorg-${++followers}`;
    const snapshot = await anvil.rpc<string>('evm_snapshot');
    await emit([1, 1]);
    await anvil.mine(2);
    const f = follower(name, recorder(name));
    await f.catchUp();
    await anvil.rpc('evm_revert', [snapshot]);
    await anvil.mine(6);
    await expect(f.catchUp()).rejects.toMatchObject({ code: 'CHAIN.REORG_BEYOND_CONFIRMATIONS' });
  });
});

function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<true> {
  return until(async () => ((await condition()) ? true : undefined), 'the condition', timeoutMs, 20);
}
