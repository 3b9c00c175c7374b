import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
   * Runs `fn` in one transaction. On PostgreSQL nothing is sent until `fn`'s first statement, and
   * BEGIN and `prelude` travel with it as one message, which is how withTenant() sets the role and
   * tenant without an extra round trip (a transaction that sends nothing costs nothing).
   * `readOnly` transactions cannot write (PostgreSQL enforces it), so their COMMIT is not awaited:
   * it goes out with the connection's next statement, or on its own at the end of the turn.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tar image (tests clone a migrated database from it). */
  dumpDataDir?: () => Promise<Blob>;
};

/** One statement and its parameters. */
export type Statement = { text: string; params?: readonly unknown[] };

export type TransactionOptions = {
  /** Runs right after BEGIN, before anything `fn` sends (withTenant sets the role and the tenant here). */
  prelude?: Statement;
  readOnly?: boolean;
};

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
        if (options.readOnly) await tx.exec('SET TRANSACTION READ ONLY');
        if (options.prelude) await tx.query(options.prelude.text, options.prelude.params as unknown[] | undefined);
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
  // the same turn of the event loop — a transaction's first statement with BEGIN, a pipelined group,
  // deferred writes with COMMIT, the previous read's COMMIT — are held in the stream (cork) and go
  // out in one write when the turn ends: a write is a system call, and on this path system calls
  // cost more than the statements' bytes.
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
  // A read-only transaction ends without waiting for its COMMIT, and without sending it: it goes out
  // ahead of the next statement anyone sends on the connection — in the same write — or, if the
  // connection is still idle when the turn ends, on its own then (an idle connection never stays
  // in a transaction). Ahead of a statement group (the next transaction's BEGIN, prelude and first
  // statement) it is the group's first statement, answered with the group (runGroup); ahead of
  // anything else it is a message of its own. Either way nobody waits for it, and if it failed the
  // next statement would still run and the error would stay with nobody.
  const uncommitted = new WeakSet<pg.PoolClient>();
  const beforeSending = (client: pg.PoolClient) => {
    coalesce(client);
    if (!uncommitted.delete(client)) return;
    client.query('COMMIT').catch(() => {}); // a dead connection fails it; the pool drops the connection
  };
  const commitLater = (client: pg.PoolClient) => {
    uncommitted.add(client);
    setImmediate(() => {
      if (uncommitted.has(client)) beforeSending(client);
    });
  };
  const run = async (client: pg.PoolClient, text: string, params?: readonly unknown[]): Promise<pg.QueryResult> => {
    beforeSending(client);
    try {
      return await client.query({ text, values: params as unknown[] | undefined, name: statementName(text) });
    } catch (error) {
      throw classify(client, error);
    }
  };
  const exec = async (client: pg.PoolClient, text: string): Promise<pg.QueryResult> => {
    beforeSending(client);
    try {
      return await client.query(text);
    } catch (error) {
      throw classify(client, error);
    }
  };
  /**
   * Sends statements as one message with one Sync: PostgreSQL runs them in order, answers them
   * together (one read here, one write there), and after the first failure runs none of the rest.
   * Statements before `describeFrom` are run for their effect only (their rows are not asked for).
   */
  const runGroup = async (client: pg.PoolClient, statements: readonly Statement[], describeFrom: number): Promise<GroupOutcome> => {
    if (uncommitted.delete(client)) {
      // The previous read-only transaction's COMMIT leads the group: one message and one answer
      // instead of two. If it failed (the connection died, and then so does the rest), the group
      // did not run: it is sent again on its own, as it would have run after a failed COMMIT.
      const outcome = await runGroup(client, [COMMIT, ...statements], describeFrom + 1);
      if (outcome.failedAt === 0) return runGroup(client, statements, describeFrom);
      return { results: outcome.results.slice(1), failedAt: outcome.failedAt - 1, error: outcome.error };
    }
    beforeSending(client);
    const names = statements.map((s) => statementName(s.text));
    // A named statement this connection has not parsed yet is parsed first, in a message of its
    // own, so that pg records exactly which statements exist on the server.
    const parses: Promise<void>[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!name || isParsed(client, name)) continue;
      const parse = parseOnly(client, name, (statements[i] as Statement).text);
      parse.catch(() => {}); // reported through the group's outcome, never as an unhandled rejection
      parses.push(parse);
    }
    const group = await new Promise<StatementGroup>((resolve) => {
      client.query(new StatementGroup(statements, names, describeFrom, resolve) as unknown as pg.Submittable);
    });
    if (!group.error) return { results: group.results, failedAt: statements.length, error: undefined };
    // A statement that could not be parsed explains the failure better than "does not exist".
    let error: unknown = group.error;
    for (const parse of parses) {
      const failure = await parse.then(
        () => undefined,
        (parseError: unknown) => parseError,
      );
      if (failure) {
        error = failure;
        break;
      }
    }
    return { results: group.results, failedAt: group.completed, error: classify(client, error) };
  };
  const classify = (client: pg.PoolClient, error: unknown) =>
    !isServerError(error) && (dead.has(client) || isDriverConnectionError(error)) ? new DatabaseUnavailableError(error) : error;

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
      const head: Statement[] = [options.readOnly ? BEGIN_READ_ONLY : BEGIN, ...(options.prelude ? [options.prelude] : [])];
      // Settles when BEGIN and the prelude have run; unset until the transaction sends its first statement.
      let begun: Promise<void> | undefined;
      const send = (statement?: Statement): Promise<pg.QueryResult> | undefined => {
        if (begun) return statement && run(client, statement.text, statement.params);
        // BEGIN, the prelude and the first statement go as one group: if BEGIN or the prelude fails,
        // the statement does not run at all (never outside the transaction, never as the login role).
        const outcome = runGroup(client, statement ? [...head, statement] : head, head.length);
        begun = outcome.then(({ failedAt, error }) => {
          if (failedAt < head.length) throw error;
        });
        begun.catch(() => {});
        return (
          statement &&
          outcome.then(({ failedAt, error, results }) => {
            if (failedAt <= head.length) throw error;
            return results[head.length] as pg.QueryResult;
          })
        );
      };
      let deferred: Deferred | undefined;
      const tx: Queryable = {
        query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
          ((await send({ text, params })) as pg.QueryResult).rows as T[],
        exec: async (text: string) => {
          send();
          try {
            await exec(client, text);
          } catch (error) {
            await begun; // if BEGIN or the prelude failed, that is the error, not "transaction is aborted"
            throw error;
          }
        },
        defer: (text, params) => {
          deferred ??= new Deferred();
          deferred.add(send({ text, params }) as Promise<pg.QueryResult>);
        },
      };
      try {
        try {
          const result = await fn(tx);
          // Nothing was sent: there is no transaction to end.
          if (!begun) return result;
          await begun;
          if (options.readOnly) {
            await deferred?.settle();
            // A read-only transaction has nothing to lose: its COMMIT waits for the connection's
            // next message (commitLater), and the caller does not wait for it at all.
            commitLater(client);
            return result;
          }
          const committed = exec(client, 'COMMIT');
          committed.catch(() => {});
          // Deferred writes went out before COMMIT; the first failure (which turned COMMIT into ROLLBACK) is the error to report.
          await deferred?.settle();
          if ((await committed).command === 'ROLLBACK') {
            // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error:
            // a caller that swallowed a failed statement must not believe its writes landed.
            throw new Error('Transaction was aborted by an earlier error; nothing was committed.');
          }
          return result;
        } catch (error) {
          // Nothing sent, nothing to undo. A dead connection has no transaction left to roll back (the
          // server dropped it with the connection). A live one must roll back before reuse; if it
          // cannot within the time, drop it.
          if (begun) await begun.catch(() => {});
          if (begun && !dead.has(client)) {
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

const BEGIN: Statement = { text: 'BEGIN' };
const BEGIN_READ_ONLY: Statement = { text: 'BEGIN READ ONLY' };
const COMMIT: Statement = { text: 'COMMIT' };

// pg turns parameters into their wire text with prepareValue (dates, arrays, JSON, buffers); a group
// of statements is written here, so it maps them the same way. Not part of pg's typed API.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

/** The parts of pg's Connection and Query a statement group is written with (pg 8, pipeline mode). */
type PgConnection = {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: unknown[]; binary: boolean }): void;
  describe(config: { type: 'P' | 'S'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
};
type QueryCallback = (error: Error | undefined, results: pg.QueryResult | pg.QueryResult[] | undefined) => void;
type PgQuery = {
  text: string;
  name?: string;
  handleCommandComplete(message: unknown, connection: PgConnection): void;
  handleDataRow(message: unknown): void;
};
// A text config is taken as is; an object config is copied property by property (slowly) by pg.
const PgQueryClass = pg.Query as unknown as new (
  config: string | { text: string; name?: string; callback: QueryCallback },
  values?: undefined,
  callback?: QueryCallback,
) => PgQuery;
/** How a group ended: a result for each statement before `failedAt`, and the error that stopped it there, if one did. */
type GroupOutcome = { results: pg.QueryResult[]; failedAt: number; error: unknown };

const isParsed = (client: pg.PoolClient, name: string) => {
  const connection = (client as unknown as { connection: PgConnection }).connection;
  return connection.parsedStatements[name] !== undefined || connection.submittedNamedStatements[name] !== undefined;
};

/** Parse + Sync of one named statement: pg records it as prepared on this connection (or, if it fails, as not). */
class ParseOnly extends PgQueryClass {
  submit(connection: PgConnection): null {
    connection.parse({ text: this.text, name: this.name as string, types: [] });
    connection.submittedNamedStatements[this.name as string] = this.text;
    connection.sync();
    return null;
  }
}
const parseOnly = (client: pg.PoolClient, name: string, text: string) =>
  new Promise<void>((resolve, reject) => {
    client.query(new ParseOnly({ text, name, callback: (error) => (error ? reject(error) : resolve()) }) as unknown as pg.Submittable);
  });

/**
 * Several statements written as Bind/Execute each (Describe for those whose rows are wanted) and a
 * single Sync; named statements are parsed beforehand (ParseOnly), unnamed ones inline. pg collects
 * one result per statement, in order; `completed` counts the statements that finished.
 */
class StatementGroup extends PgQueryClass {
  completed = 0;
  error: Error | undefined;
  results: pg.QueryResult[] = [];
  private readonly values: unknown[][];

  constructor(
    private readonly statements: readonly Statement[],
    private readonly names: readonly (string | undefined)[],
    private readonly describeFrom: number,
    done: (group: StatementGroup) => void,
  ) {
    super(
      (statements.at(-1) as Statement).text, // what pg shows of it; each statement's text travels below
      undefined,
      (error, results) => {
        this.error = error;
        if (results) this.results = Array.isArray(results) ? results : [results];
        done(this);
      },
    );
    // Mapped now, so that a value pg cannot send fails the group before anything is written.
    this.values = statements.map((s) => (s.params ?? []).map((value) => prepareValue(value)));
  }

  submit(connection: PgConnection): null {
    for (let i = 0; i < this.statements.length; i++) {
      const name = this.names[i] ?? '';
      if (!name) connection.parse({ text: (this.statements[i] as Statement).text, name: '', types: [] });
      connection.bind({ portal: '', statement: name, values: this.values[i] as unknown[], binary: false });
      if (i >= this.describeFrom) connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
    }
    connection.sync();
    return null;
  }

  override handleDataRow(message: unknown) {
    // Rows of a statement that was not described (the prelude's) have no field names to go by.
    if (this.completed >= this.describeFrom) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: PgConnection) {
    this.completed += 1;
    super.handleCommandComplete(message, connection);
  }
}

// NUMERIC (1700) and INT8 (20) stay strings (pg's default too, stated here on purpose); DATE (1082)
// stays 'YYYY-MM-DD' instead of a Date at local midnight. TIMESTAMPTZ (1184) has a faster parser.
const TEXT_TYPES = new Set([1700, 20, 1082]);
const TIMESTAMPTZ = 1184;
function typeParser(oid: number, format?: 'text' | 'binary') {
  if (format === 'binary') return pg.types.getTypeParser(oid, format);
  if (TEXT_TYPES.has(oid)) return keepAsText;
  if (oid === TIMESTAMPTZ) return parseTimestamptz;
  return pg.types.getTypeParser(oid, format);
}

/** The number written by the two digits at `at`, or NaN. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

const parseTimestamptzSlowly = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => unknown;

/**
 * PostgreSQL's ISO output of a timestamptz, `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` with a year
 * from 1000, read without regular expressions; anything else (BC, infinity, another DateStyle, years
 * before 1000) goes to pg's own parser, whose result this equals (milliseconds truncated).
 */
export function parseTimestamptz(text: string): unknown {
  const length = text.length;
  if (
    length < 22 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return parseTimestamptzSlowly(text);
  }
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // .f to .ffffff: the first three digits are the milliseconds, the rest is truncated.
    let digits = 0;
    for (at += 1; at < length; at++, digits++) {
      const value = text.charCodeAt(at) - 48;
      if (value < 0 || value > 9) break;
      if (digits < 3) ms = ms * 10 + value;
    }
    if (digits === 0 || digits > 6) return parseTimestamptzSlowly(text);
    for (; digits < 3; digits++) ms *= 10;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return parseTimestamptzSlowly(text); // + or -
  let offsetSeconds = twoDigits(text, at + 1) * 3600;
  at += 3;
  if (at < length && text.charCodeAt(at) === 58) {
    offsetSeconds += twoDigits(text, at + 1) * 60;
    at += 3;
  }
  if (at < length && text.charCodeAt(at) === 58) {
    offsetSeconds += twoDigits(text, at + 1);
    at += 3;
  }
  // A non-digit anywhere made its field NaN, and NaN makes the sum NaN.
  if (Number.isNaN(year + month + day + hour + minute + second + offsetSeconds) || at !== length || year < 1000) {
    return parseTimestamptzSlowly(text);
  }
  const offsetMs = (sign === 45 ? -offsetSeconds : offsetSeconds) * 1000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
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
