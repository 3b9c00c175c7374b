import type { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import pino, { type Logger } from 'pino';

/**
 * Last line of defence for the API and worker processes. A promise nobody awaited that rejects is a
 * bug, but not a reason to drop every tenant's in-flight requests: it is logged and the process keeps
 * serving. An exception thrown outside any request leaves the process in an unknown state: it is
 * logged and the process stops gracefully (in-flight requests finish, the pool closes) with exit
 * code 1, for the supervisor to restart it. Transactions make either outcome safe for the ledger.
 */
export function guardProcess(logger: Logger, stop: (reason: string, exitCode: number) => void) {
  process.on('unhandledRejection', (reason) => {
    quietly(() => logger.error({ err: reason }, 'unhandled promise rejection (process kept running)'));
  });
  process.on('uncaughtException', (error) => {
    quietly(() => logger.fatal({ err: error }, 'uncaught exception: stopping'));
    stop('uncaughtException', 1);
  });
}

/** Logging must never stop a shutdown: a write into a closed pipe may throw (EPIPE). */
export function quietly(log: () => void) {
  try {
    log();
  } catch {
    // Nowhere left to report it.
  }
}

/** How long after the deadline the watchdog thread kills a process whose main thread is stuck. */
const WATCHDOG_GRACE_MS = 500;
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.afterMs);
`;

/**
 * Ends the process `deadlineMs` from now, whatever it is doing by then. Arm it first thing in a
 * shutdown, before any log line. Two layers, because logging is what fails here: pino's final
 * synchronous flush on 'exit' retries a write into a closed pipe (EPIPE) forever, and a synchronous
 * write into a pipe nobody reads blocks the main thread, so no timer of its can fire.
 * - On the main thread, a timer exits with code 1 without running 'exit' listeners.
 * - A watchdog thread, which no blocked main thread can hold up, kills the process (SIGKILL) a
 *   moment later if it is still alive.
 * Neither keeps a process alive that would otherwise exit.
 */
export function armShutdownDeadline(deadlineMs: number, onDeadline?: () => void) {
  const timer = setTimeout(() => {
    quietly(() => onDeadline?.());
    process.removeAllListeners('exit');
    process.exit(1);
  }, deadlineMs);
  timer.unref();
  try {
    const watchdog = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { pid: process.pid, afterMs: deadlineMs + WATCHDOG_GRACE_MS },
      stdout: true,
      stderr: true,
    });
    watchdog.unref();
  } catch {
    // No thread available: the main-thread timer still covers every case but a blocked main thread.
  }
}

/**
 * Lets the log lines written so far go out before exit, for at most `maxMs`: waits until the
 * destination drains — or fails, as a closed pipe does (EPIPE), which also turns pino's final flush
 * on exit into a no-op instead of an endless retry.
 */
export function flushLogs(logger: Logger, maxMs: number): Promise<void> {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as EventEmitter | undefined;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stream?.off('drain', done);
      stream?.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    if (typeof stream?.once !== 'function') return done();
    stream.once('drain', done);
    stream.once('error', done);
  });
}
