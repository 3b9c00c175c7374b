import { type Database, isDatabaseUnavailable, type Queryable, type TenantScope, withTenant } from '@payos/db';

/**
 * Group commit: concurrent commands of one tenant environment are collected and executed together in
 * ONE database transaction, so they share its BEGIN, its COMMIT (one WAL flush) and its round trips,
 * instead of each paying them alone (docs/ARCHITECTURE.md, Group commit).
 *
 * - A command waits at most `windowMs` for company when its tenant environment is idle (0: until the
 *   end of the current event-loop turn), or until `maxBatch` commands are queued. While `maxInFlight`
 *   batches of a tenant environment are executing, new commands queue behind them and form the next
 *   batch: under load batches grow by themselves, and a lone request pays no more than the window.
 * - The executor decides every command on its own (a refused one writes nothing and gets its own
 *   error) and returns one outcome per command. Every caller is answered only after the transaction
 *   has committed — or with the error that kept it from committing.
 * - A batch that fails as a whole is retried when PostgreSQL asks for it (deadlock, serialization
 *   failure). Otherwise, if it held several commands, each is run again alone, so one command that
 *   breaks the transaction (a bug, a constraint) cannot take the others with it. An unreachable
 *   database fails every command of the batch (503) — retrying alone would only wait longer.
 */
export type GroupCommitOptions = {
  /** How long the first command of an idle tenant environment waits for others, in ms (default 0). */
  windowMs?: number;
  /** The most commands one transaction executes (default 64). */
  maxBatch?: number;
  /**
   * Batches of one tenant environment executing at once (default 2): the next one takes its locks
   * while the one before commits. They lock in the same global order, so they cannot deadlock.
   */
  maxInFlight?: number;
};

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs a batch inside its transaction (RLS scoped to the batch's tenant environment) and returns one
 * outcome per command, in order. Throwing rolls the whole batch back.
 */
export type BatchExecutor<C, R> = (tx: Queryable, commands: readonly C[], scope: TenantScope) => Promise<Outcome<R>[]>;

export type GroupCommit<C, R> = {
  submit(scope: TenantScope, command: C): Promise<R>;
  /** Waits until every queued and executing batch has been answered (shutdown, tests). */
  drain(): Promise<void>;
  /** Batches executed and commands in them since start, and commands waiting now (tests, benchmarks). */
  stats(): { batches: number; commands: number; largest: number; queued: number };
};

type Pending<C, R> = { command: C; resolve: (value: R) => void; reject: (error: unknown) => void };
type Lane<C, R> = { scope: TenantScope; queue: Pending<C, R>[]; executing: number; timer?: () => void };

const RETRIES = 3;
/** deadlock_detected, serialization_failure: PostgreSQL says "run it again". */
const retryable = (error: unknown) => ['40P01', '40001'].includes((error as { code?: string } | null)?.code ?? '');

export function createGroupCommit<C, R>(db: Database, execute: BatchExecutor<C, R>, options: GroupCommitOptions = {}): GroupCommit<C, R> {
  const windowMs = options.windowMs ?? 0;
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 2;
  if (!(windowMs >= 0 && windowMs <= 1_000)) throw new Error('group commit: windowMs must be within 0–1000');
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1 && maxBatch <= 10_000)) throw new Error('group commit: maxBatch must be 1–10000');
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1 && maxInFlight <= 64)) throw new Error('group commit: maxInFlight must be 1–64');
  const lanes = new Map<string, Lane<C, R>>();
  const executing = new Set<Promise<void>>();
  const counts = { batches: 0, commands: 0, largest: 0 };

  const attempt = async (scope: TenantScope, commands: C[]): Promise<Outcome<R>[]> => {
    for (let retry = 0; ; retry++) {
      try {
        const outcomes = await withTenant(db, scope, (tx) => execute(tx, commands, scope));
        if (outcomes.length !== commands.length) throw new Error('group commit: the executor must answer every command');
        return outcomes;
      } catch (error) {
        if (!retryable(error) || retry >= RETRIES) throw error;
      }
    }
  };

  const run = async (scope: TenantScope, batch: Pending<C, R>[]): Promise<void> => {
    counts.batches++;
    counts.commands += batch.length;
    counts.largest = Math.max(counts.largest, batch.length);
    let outcomes: Outcome<R>[];
    try {
      outcomes = await attempt(
        scope,
        batch.map((p) => p.command),
      );
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      for (const p of batch) await run(scope, [p]);
      return;
    }
    for (const [i, p] of batch.entries()) {
      const outcome = outcomes[i] as Outcome<R>;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    }
  };

  const flush = (key: string, lane: Lane<C, R>) => {
    lane.timer?.();
    lane.timer = undefined;
    if (lane.executing >= maxInFlight) return;
    if (lane.queue.length === 0) {
      if (lane.executing === 0) lanes.delete(key);
      return;
    }
    const batch = lane.queue.splice(0, maxBatch);
    lane.executing++;
    const done = run(lane.scope, batch)
      .catch((error) => {
        // run() answers every command itself; this is a last line of defence, never expected.
        for (const p of batch) p.reject(error);
      })
      .finally(() => {
        executing.delete(done);
        lane.executing--;
        // Whatever queued meanwhile has waited long enough: it goes now.
        flush(key, lane);
      });
    executing.add(done);
  };

  const schedule = (key: string, lane: Lane<C, R>) => {
    if (lane.executing >= maxInFlight || lane.timer) return;
    if (lane.queue.length >= maxBatch) return flush(key, lane);
    if (windowMs === 0) {
      const handle = setImmediate(() => flush(key, lane));
      lane.timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(() => flush(key, lane), windowMs);
      lane.timer = () => clearTimeout(handle);
    }
  };

  return {
    submit(scope, command) {
      const key = `${scope.tenantId}|${scope.environment}`;
      let lane = lanes.get(key);
      if (!lane) {
        lane = { scope: { tenantId: scope.tenantId, environment: scope.environment }, queue: [], executing: 0 };
        lanes.set(key, lane);
      }
      const target = lane;
      return new Promise<R>((resolve, reject) => {
        target.queue.push({ command, resolve, reject });
        if (target.queue.length >= maxBatch && target.executing < maxInFlight) flush(key, target);
        else schedule(key, target);
      });
    },
    async drain() {
      while (executing.size > 0 || [...lanes.values()].some((l) => l.queue.length > 0)) {
        for (const [key, lane] of lanes) if (lane.executing < maxInFlight && lane.queue.length > 0) flush(key, lane);
        await Promise.allSettled([...executing]);
      }
    },
    stats: () => ({ ...counts, queued: [...lanes.values()].reduce((n, lane) => n + lane.queue.length, 0) }),
  };
}
