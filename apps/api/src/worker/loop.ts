import type { Logger } from 'pino';

/**
 * Runs `pass` every `intervalMs`, never two passes at once in this process (other processes are kept
 * apart by the database's SKIP LOCKED claims). With `drain`, a pass that did something is followed at
 * once by the next, so a backlog is worked through without waiting for the interval between passes.
 * Returns a stop function that tells the current pass (its signal: a long pass stops taking new work)
 * and waits for it.
 */
export function startLoop(
  name: string,
  pass: (stopping: AbortSignal) => Promise<number>,
  logger: Logger,
  intervalMs: number,
  { drain = false } = {},
) {
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const tick = () => {
    if (running || stopping.signal.aborted) return;
    let again = false;
    running = pass(stopping.signal)
      .then((count) => {
        if (count > 0) logger.info({ count }, `${name}: pass done`);
        again = drain && count > 0;
      })
      .catch((error: unknown) => logger.error({ err: error }, `${name}: pass failed`))
      .finally(() => {
        running = undefined;
        if (again) setImmediate(tick);
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopping.abort();
    clearInterval(timer);
    await running;
  };
}
