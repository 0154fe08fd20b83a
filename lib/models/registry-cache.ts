// The registry's in-process cache, kept apart from what it caches so that its timing can be tested on
// its own. A value is served for up to `checkEveryMs` after its version was last compared with the
// stored one; the next access compares again (one single-row query) and reloads when they differ.
// Concurrent callers share one check and one reload. `invalidate()` is the hook for a push (issue 17:
// a Redis message from the instance that made the change): the next access reloads at once.

export type VersionedCache<T> = {
  get(): Promise<T>;
  invalidate(): void;
};

export function versionedCache<T extends { version: number }>(options: {
  /** The stored version: one cheap query. */
  readVersion: () => Promise<number>;
  /** Everything, read after its version (so a change made meanwhile is noticed on the next check). */
  load: () => Promise<T>;
  checkEveryMs: number;
  now?: () => number;
}): VersionedCache<T> {
  const now = options.now ?? (() => performance.now());
  let value: T | undefined;
  let checkedAt = -Infinity;
  let pending: Promise<T> | undefined;
  // Moves on with every invalidate(), so a check that started before one cannot store its result as fresh.
  let generation = 0;

  async function refresh(): Promise<T> {
    const started = now();
    const startedIn = generation;
    let next = value;
    if (!next || next.version !== (await options.readVersion())) next = await options.load();
    if (startedIn === generation) {
      value = next;
      // From the check's start: the value is known current as of then, not as of its end.
      checkedAt = started;
    }
    return next;
  }

  return {
    get() {
      if (value && now() - checkedAt < options.checkEveryMs) return Promise.resolve(value);
      if (pending) return pending;
      const check = refresh().finally(() => {
        if (pending === check) pending = undefined;
      });
      pending = check;
      return check;
    },
    invalidate() {
      generation++;
      value = undefined;
      checkedAt = -Infinity;
      pending = undefined;
    },
  };
}
