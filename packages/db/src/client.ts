import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

/** What every piece of SQL in PayOS runs against: a connection inside a transaction, or the pool. */
export type Queryable = {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements in one round trip (simple protocol, no parameters). */
  exec(text: string): Promise<void>;
  /**
   * Inside a transaction: sends a write whose result nobody reads (an audit row, say) without waiting
   * for it; it runs in order with the statements around it, and its outcome is awaited with COMMIT —
   * if it failed, the transaction rolls back and its error is thrown. Saves a round trip per call.
   */
  defer(text: string, params?: readonly unknown[]): void;
};

export type Database = Queryable & {
  readonly kind: 'pglite' | 'postgres';
  /** Name of the non-superuser role application transactions switch to. */
  readonly appRole: string;
  /**
   * Runs `fn` in one transaction. `prelude` travels with BEGIN (on PostgreSQL, pipelined with the
   * first query), which is how withTenant() sets the role and tenant without an extra round trip.
   * `readOnly` transactions cannot write (PostgreSQL enforces it), so their COMMIT is not awaited.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tar image (tests clone a migrated database from it). */
  dumpDataDir?: () => Promise<Blob>;
};

export type TransactionOptions = { prelude?: string; readOnly?: boolean };

export type OpenOptions = {
  /** postgres://… for a real server; unset → embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; unset → in-memory. */
  dataDir?: string;
  /** A PGlite data-dir image (tests start each file from a migrated image). */
  loadDataDir?: Blob;
  poolSize?: number;
  appRole?: string;
  /** PostgreSQL: fail a statement the server has not answered within this many ms (0 or unset: never). */
  queryTimeoutMs?: number;
  /**
   * PostgreSQL: how long to wait for a connection — to connect, or for a free one when all `poolSize`
   * are busy — before failing with DatabaseUnavailableError (503). Default 2 s.
   */
  acquireTimeoutMs?: number;
};

export const DEFAULT_APP_ROLE = 'payos_app';

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new Error(`Invalid application role name: ${appRole}`);
  if (options.databaseUrl) return openPostgres(options.databaseUrl, { ...options, appRole });
  return openPglite(options.dataDir, options.loadDataDir, appRole);
}

// Money and counters must never pass through a JS number: keep NUMERIC and BIGINT as strings.
const keepAsText = (value: string) => value;

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined, appRole: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One options object: PGlite ignores the second argument when the first is undefined.
  const pg = new PGlite({
    dataDir,
    loadDataDir,
    parsers: { [types.NUMERIC]: keepAsText, [types.INT8]: keepAsText },
  });
  await pg.waitReady;
  type Tx = Pick<PGlite, 'query' | 'exec'>;
  const wrap = (target: Tx, deferred?: Deferred): Queryable => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await target.query<T>(text, params as unknown[] | undefined)).rows,
    exec: async (text: string) => {
      await target.exec(text);
    },
    defer: (text, params) => {
      if (!deferred) throw new Error('defer() needs a transaction');
      deferred.add(target.query(text, params as unknown[] | undefined));
    },
  });
  return {
    kind: 'pglite',
    appRole,
    ...wrap(pg),
    transaction: (fn, options = {}) =>
      pg.transaction(async (tx) => {
        const prelude = `${options.readOnly ? 'SET TRANSACTION READ ONLY; ' : ''}${options.prelude ?? ''}`;
        if (prelude) await tx.exec(prelude);
        const deferred = new Deferred();
        const result = await fn(wrap(tx, deferred));
        await deferred.settle();
        return result;
      }),
    close: () => pg.close(),
    dumpDataDir: () => pg.dumpDataDir('none'),
  };
}

async function openPostgres(url: string, options: OpenOptions & { appRole: string }): Promise<Database> {
  const { appRole, queryTimeoutMs } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 20,
    application_name: 'payos',
    // Statements go out without waiting for the previous answer (BEGIN + prelude with the first
    // query, deferred writes with COMMIT), each followed by its own Sync, in order on one connection.
    pipeline: true,
    // An unreachable server must fail fast (health answers 503 within 2 s), not after minutes. It
    // also bounds the wait for a free connection: an exhausted pool answers 503, not a hang.
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 2_000,
    // A server that stops answering (no reset, no close) fails the statement after this long; in
    // pipeline mode the connection is destroyed, so everything queued behind it fails too.
    query_timeout: queryTimeoutMs || undefined,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types: { getTypeParser: typeParser as pg.CustomTypesConfig['getTypeParser'] },
  });
  // A connection that dies (server restart, network cut, terminated backend) errors every statement
  // queued on it and is never used again: release() hands it back and the pool discards it. These
  // listeners keep such an 'error' event from becoming an uncaught exception.
  const dead = new WeakSet<pg.PoolClient>();
  pool.on('connect', (client) => {
    client.on('error', () => dead.add(client));
    client.on('end', () => dead.add(client));
  });
  pool.on('error', () => {}); // an idle connection died: the pool has already dropped it

  const acquire = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      // A server that answers with an error of its own (a wrong password, a missing database) is
      // misconfigured, not unavailable; anything else — refused, timed out, reset — is.
      if (isServerError(error) && !isDatabaseUnavailable(error)) throw error;
      throw new DatabaseUnavailableError(error);
    }
  };
  // pg writes each statement to the socket on its own (one writev per query). Statements issued in
  // the same turn of the event loop — BEGIN with the first query, a pipelined group, deferred writes
  // with COMMIT — are held in the stream (cork) and go out in one write when the turn ends: a write
  // is a system call, and on this path system calls cost more than the statements' bytes.
  const corked = new WeakSet<pg.PoolClient>();
  const coalesce = (client: pg.PoolClient) => {
    const stream = (client as unknown as { connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } } })
      .connection?.stream;
    if (!stream?.cork || !stream.uncork || corked.has(client)) return;
    corked.add(client);
    stream.cork();
    setImmediate(() => {
      corked.delete(client);
      stream.uncork?.();
    });
  };
  const run = async (client: pg.PoolClient, text: string, params?: readonly unknown[]): Promise<pg.QueryResult> => {
    coalesce(client);
    try {
      return await client.query({ text, values: params as unknown[] | undefined, name: statementName(text) });
    } catch (error) {
      throw classify(client, error);
    }
  };
  const exec = async (client: pg.PoolClient, text: string): Promise<pg.QueryResult> => {
    coalesce(client);
    try {
      return await client.query(text);
    } catch (error) {
      throw classify(client, error);
    }
  };
  const classify = (client: pg.PoolClient, error: unknown) =>
    !isServerError(error) && (dead.has(client) || isDriverConnectionError(error)) ? new DatabaseUnavailableError(error) : error;

  const wrap = (client: pg.PoolClient, deferred?: Deferred): Queryable => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) => (await run(client, text, params)).rows as T[],
    exec: async (text: string) => {
      await exec(client, text);
    },
    defer: (text, params) => {
      if (!deferred) throw new Error('defer() needs a transaction');
      deferred.add(run(client, text, params));
    },
  });
  const onPool = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await acquire();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  return {
    kind: 'postgres',
    appRole,
    query: <T extends Row>(text: string, params?: readonly unknown[]) =>
      onPool(async (client) => (await run(client, text, params)).rows as T[]),
    exec: (text) => onPool(async (client) => void (await exec(client, text))),
    defer: () => {
      throw new Error('defer() needs a transaction');
    },
    async transaction(fn, options = {}) {
      const client = await acquire();
      let released = false;
      const release = (discard = false) => {
        if (released) return;
        released = true;
        // The pool drops a connection that died on its own; `discard` also drops one left in an unknown state.
        client.release(discard ? new Error('connection discarded') : undefined);
      };
      try {
        // Not awaited: BEGIN + prelude are pipelined ahead of fn's first query, saving a round trip.
        // Their outcome is awaited below; if they fail, everything queued after them fails too.
        const begun = exec(client, `BEGIN${options.readOnly ? ' READ ONLY' : ''}; ${options.prelude ?? ''}`);
        begun.catch(() => {});
        const deferred = new Deferred();
        try {
          const result = await fn(wrap(client, deferred));
          await begun;
          const committed = exec(client, 'COMMIT');
          committed.catch(() => {});
          // Deferred writes went out before COMMIT; the first failure (which turned COMMIT into ROLLBACK) is the error to report.
          await deferred.settle();
          if (options.readOnly) {
            // A read-only transaction has nothing to lose: its COMMIT is queued ahead of the
            // connection's next user, and the caller need not wait for it.
            release();
          } else if ((await committed).command === 'ROLLBACK') {
            // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error:
            // a caller that swallowed a failed statement must not believe its writes landed.
            throw new Error('Transaction was aborted by an earlier error; nothing was committed.');
          }
          return result;
        } catch (error) {
          await begun.catch(() => {});
          // A dead connection has no transaction left to roll back (the server dropped it with the
          // connection). A live one must roll back before reuse; if it cannot within the time, drop it.
          if (!dead.has(client)) {
            const rolledBack = await withTimeout(exec(client, 'ROLLBACK'), ROLLBACK_TIMEOUT_MS).then(
              () => true,
              () => false,
            );
            if (!rolledBack) release(true);
          }
          throw error;
        }
      } finally {
        release();
      }
    },
    close: () => pool.end(),
  };
}

// NUMERIC (1700) and INT8 (20) stay strings (pg's default too, stated here on purpose); DATE (1082)
// stays 'YYYY-MM-DD' instead of a Date at local midnight.
const TEXT_TYPES = new Set([1700, 20, 1082]);
function typeParser(oid: number, format?: 'text' | 'binary') {
  return TEXT_TYPES.has(oid) && format !== 'binary' ? keepAsText : pg.types.getTypeParser(oid, format);
}

// Every statement text becomes a named prepared statement (parsed once per connection), as long as
// the set of texts stays small — dynamic texts beyond the cap run unnamed.
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `payos_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The database could not be reached, or the connection died under the statement. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`Database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** An error PostgreSQL itself sent (it carries a SQLSTATE and a severity). */
function isServerError(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

/** pg's own errors for a connection that is gone or never came (they carry no SQLSTATE). */
function isDriverConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|not queryable|Query read timeout|timeout expired|timeout exceeded when trying to connect/.test(message);
}

/** Statements sent without waiting (Queryable.defer); settle() awaits them all and throws the first failure. */
class Deferred {
  private readonly pending: Promise<unknown>[] = [];

  add(promise: Promise<unknown>) {
    promise.catch(() => {}); // reported by settle(), never as an unhandled rejection
    this.pending.push(promise);
  }

  async settle() {
    const outcomes = await Promise.allSettled(this.pending);
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

const ROLLBACK_TIMEOUT_MS = 5_000;

/** The database cannot be reached at all: refused, timed out, gone, or out of connections. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE'].includes(code) ||
    code.startsWith('08') || // connection exception
    code === '53300' || // too_many_connections
    code === '57P01' || // admin_shutdown: terminated by pg_terminate_backend or a shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' // cannot_connect_now: starting up or shutting down
  );
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One plain connection for administrative statements outside any pool (CREATE / DROP DATABASE in tests, benchmarks, check:rls). */
export async function adminConnection(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'payos-admin', connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a dropped admin connection fails its next query instead of crashing the process
  await client.connect();
  return {
    query: async <T extends Row = Row>(text: string, params?: readonly unknown[]) =>
      (await client.query(text, params as unknown[] | undefined)).rows as T[],
    end: () => client.end(),
  };
}
