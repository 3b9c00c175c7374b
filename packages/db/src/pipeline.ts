/**
 * Awaits statements that are already in flight on one connection, in the order they were sent, and
 * returns their results. PostgreSQL runs pipelined statements in order, and after the first failure
 * in a transaction every later one fails too ("current transaction is aborted"): reading outcomes in
 * sending order makes the first real failure the error, exactly as if each had been awaited in turn —
 * for one round trip instead of one each. The others are caught, so none becomes an unhandled rejection.
 */
export async function inOrder<T extends readonly unknown[]>(...pending: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  for (const p of pending) p.catch(() => {});
  const results: unknown[] = [];
  for (const p of pending) results.push(await p);
  return results as unknown as T;
}
