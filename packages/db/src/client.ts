import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import postgres from 'postgres';

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
};

export const DEFAULT_APP_ROLE = 'payos_app';

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new Error(`Invalid application role name: ${appRole}`);
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20, appRole);
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

async function openPostgres(url: string, poolSize: number, appRole: string): Promise<Database> {
  const sql = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // NUMERIC (1700) and INT8 (20) stay strings; porsager already does so, stated here on purpose.
    types: {
      numeric: { to: 1700, from: [1700], serialize: String, parse: keepAsText },
      bigint: { to: 20, from: [20], serialize: String, parse: keepAsText },
    },
    connection: { application_name: 'payos' },
    // An unreachable server must fail fast (health answers 503 within 2 s), not after the 30 s default.
    connect_timeout: 2,
  });
  type Conn = Pick<typeof sql, 'unsafe'>;
  const run = (conn: Conn, text: string, params?: readonly unknown[]) =>
    conn.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], { prepare: true });
  const wrap = (conn: Conn, deferred?: Deferred): Queryable => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) => (await run(conn, text, params)) as unknown as T[],
    exec: async (text: string) => {
      await conn.unsafe(text);
    },
    defer: (text, params) => {
      if (!deferred) throw new Error('defer() needs a transaction');
      // .execute() sends it now (porsager queries are lazy until awaited).
      deferred.add(run(conn, text, params).execute());
    },
  });
  return {
    kind: 'postgres',
    appRole,
    ...wrap(sql),
    async transaction(fn, options = {}) {
      const conn = await sql.reserve();
      let released = false;
      const release = () => {
        if (!released) conn.release();
        released = true;
      };
      try {
        // Not awaited: BEGIN + prelude go out in the same write as fn's first query, saving a round
        // trip. Its outcome is awaited below; if it fails, everything queued after it fails too.
        const begun = conn.unsafe(`BEGIN${options.readOnly ? ' READ ONLY' : ''}; ${options.prelude ?? ''}`);
        begun.catch(() => {});
        const deferred = new Deferred();
        try {
          const result = await fn(wrap(conn, deferred));
          await begun;
          const committed = conn.unsafe('COMMIT');
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
          // A dead connection has no transaction left to roll back (the server dropped it), and a
          // statement sent on it may never settle: skip it, and never wait long for a ROLLBACK.
          if (!isConnectionLoss(error)) await withTimeout(conn.unsafe('ROLLBACK'), ROLLBACK_TIMEOUT_MS).catch(() => {});
          throw error;
        }
      } finally {
        release();
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
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
  const code = (error as { code?: string } | null)?.code ?? '';
  return (
    isConnectionLoss(error) || ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '53300'].includes(code) || code.startsWith('08')
  );
}

/** The connection itself is gone (porsager's own codes, or the server terminating the backend). */
function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_DESTROYED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECT_TIMEOUT' ||
    code === '57P01' || // admin_shutdown: terminated by pg_terminate_backend or a shutdown
    code === '57P02' ||
    code === '57P03' ||
    code === 'ECONNRESET'
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
