import { RecentResults } from './recent-results';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('RecentResults', () => {
  const store = { get: jest.fn(async (hash: string) => (hash === 'stored' ? bytes(1, 9) : null)) };
  beforeEach(() => store.get.mockClear());

  it('serves remembered results from memory and reads the others from the store', async () => {
    const recent = new RecentResults(100);
    recent.remember('a', bytes(10, 1));
    const reader = recent.readerOver(store);
    expect(await reader.get('a')).toEqual(bytes(10, 1));
    expect(await reader.get('stored')).toEqual(bytes(1, 9));
    expect(store.get).toHaveBeenCalledTimes(1);
    expect(store.get).toHaveBeenCalledWith('stored');
  });

  it('drops the least recently used results beyond its size, and never keeps one larger than it all', async () => {
    const recent = new RecentResults(25);
    const reader = recent.readerOver(store);
    recent.remember('a', bytes(10, 1));
    recent.remember('b', bytes(10, 2));
    await reader.get('a');
    recent.remember('c', bytes(10, 3));
    expect(recent.size).toEqual({ entries: 2, bytes: 20 });
    expect(await reader.get('b')).toBeNull();
    expect(await reader.get('a')).toEqual(bytes(10, 1));
    recent.remember('huge', bytes(26, 4));
    expect(recent.size.bytes).toBe(20);
  });

  it('counts a result remembered twice once', () => {
    const recent = new RecentResults(100);
    recent.remember('a', bytes(10, 1));
    recent.remember('a', bytes(10, 1));
    expect(recent.size).toEqual({ entries: 1, bytes: 10 });
  });
});
