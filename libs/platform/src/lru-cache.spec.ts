import { cachedLoad, LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used key beyond its capacity, handing it to onEvict', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(2, (key) => evicted.push(key));
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.values()).toEqual([1, 3]);
  });

  it('replaces a value without evicting anything', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(1, (key) => evicted.push(key));
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(evicted).toEqual([]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});

describe('cachedLoad', () => {
  it('loads once for concurrent callers', async () => {
    const cache = new LruCache<string, Promise<number>>(4);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cachedLoad(cache, 'k', load), cachedLoad(cache, 'k', load)])).toEqual([1, 1]);
    expect(loads).toBe(1);
  });

  it('forgets a failed load so the next caller tries again', async () => {
    const cache = new LruCache<string, Promise<string>>(4);
    await expect(cachedLoad(cache, 'k', () => Promise.reject(new Error('blob store down')))).rejects.toThrow('blob store down');
    expect(await cachedLoad(cache, 'k', async () => 'loaded')).toBe('loaded');
  });
});
