/**
 * A small least-recently-used map: `get` and `set` make a key the most recent; setting a new key
 * beyond `capacity` evicts the least recent one and hands it to `onEvict`.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting moves the key to the most recent end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict(oldestKey, oldest);
    }
  }

  /** Removes a key without calling `onEvict`. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  values(): V[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The value cached under `key`, loading it once: concurrent callers share the same promise, and
 * a failed load is forgotten so the next caller tries again.
 */
export function cachedLoad<V>(cache: LruCache<string, Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = load();
  cache.set(key, loading);
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}
