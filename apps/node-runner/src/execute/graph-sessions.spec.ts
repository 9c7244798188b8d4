import { Tensor } from 'onnxruntime-node';
import pino from 'pino';
import { buildMatMulBenchmark } from '@corex/compute';
import { GraphSessions } from './graph-sessions';

const logger = pino({ level: 'silent' });
const identity = new Tensor('float32', Float32Array.from([1, 0, 0, 1]), [2, 2]);
const matrix = new Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]);

describe('GraphSessions', () => {
  let sessions: GraphSessions;
  afterEach(async () => sessions.close());

  function countingLoader(): { load: () => Promise<Uint8Array>; count: () => number } {
    let loads = 0;
    return { load: async () => (loads++, buildMatMulBenchmark(2)), count: () => loads };
  }

  it('loads a graph once for concurrent fragments and reuses the session afterwards', async () => {
    sessions = new GraphSessions({ executionProvider: 'cpu', capacity: 2, logger });
    const loader = countingLoader();
    const run = () => sessions.use('g1', loader.load, async ({ session }) => (await session.run({ a: identity, b: matrix })).c!.data);
    const results = await Promise.all([run(), run(), run()]);
    await run();
    expect(results.map((r) => Array.from(r as Float32Array))).toEqual(Array(3).fill([1, 2, 3, 4]));
    expect(loader.count()).toBe(1);
  });

  it('keeps an evicted session usable until the fragment running on it is done, and reloads it later', async () => {
    sessions = new GraphSessions({ executionProvider: 'cpu', capacity: 1, logger });
    const g1 = countingLoader();
    const result = await sessions.use('g1', g1.load, async ({ session }) => {
      await sessions.use('g2', countingLoader().load, async () => undefined);
      return (await session.run({ a: identity, b: matrix })).c!.data;
    });
    expect(Array.from(result as Float32Array)).toEqual([1, 2, 3, 4]);
    await sessions.use('g1', g1.load, async () => undefined);
    expect(g1.count()).toBe(2);
  });

  it('falls back to the CPU once and stops asking for the unavailable provider', async () => {
    const warnings: string[] = [];
    const recording = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as typeof logger;
    sessions = new GraphSessions({ executionProvider: 'no-such-provider', capacity: 4, logger: recording });
    const providers = [];
    for (const hash of ['g1', 'g2']) providers.push(await sessions.use(hash, countingLoader().load, async (g) => g.executionProvider));
    expect(providers).toEqual(['cpu', 'cpu']);
    expect(warnings).toEqual(['onnxruntime cannot use no-such-provider; falling back to cpu']);
  });

  it('forgets a graph that failed to load so a later fragment can try again', async () => {
    sessions = new GraphSessions({ executionProvider: 'cpu', capacity: 2, logger });
    await expect(sessions.use('g1', () => Promise.reject(new Error('graph blob missing')), async () => 1)).rejects.toThrow('graph blob missing');
    expect(await sessions.use('g1', countingLoader().load, async () => 2)).toBe(2);
  });
});
