/** At most this many answers are kept per cache; a full cache starts again empty (no LRU bookkeeping). */
const LIMIT = 200_000;

/**
 * The answer for `key` from `cache`, made by `make` the first time it is asked. For pure work that
 * a build repeats millions of times with a few thousand distinct keys (dates of series points).
 */
export function remembered<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= LIMIT) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}
