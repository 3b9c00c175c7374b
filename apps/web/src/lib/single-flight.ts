/**
 * Concurrent calls with one key share one run; the entry is removed the moment that run settles
 * (before anyone awaiting it resumes), so a later call with the same key always runs again.
 *
 * The dashboard's refresh uses this: tabs opening at once present the same refresh token and must
 * not each spend it, yet a replay of that token after the refresh has settled must reach the API
 * and fail there as reuse — never be answered with the session the first refresh produced.
 */
export function singleFlight<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, run) => {
    const joined = inFlight.get(key);
    if (joined) return joined;
    const shared = (async () => {
      try {
        return await run();
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, shared);
    return shared;
  };
}
