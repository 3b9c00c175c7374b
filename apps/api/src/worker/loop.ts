import type { Logger } from 'pino';

/**
 * Runs `pass` every `intervalMs`, never two passes at once in this process (other processes are kept
 * apart by the database's SKIP LOCKED claims). With `drain`, a pass that did something is followed at
 * once by the next, so a backlog is worked through without waiting for the interval between passes.
 * Returns a stop function that waits for the current pass.
 */
export function startLoop(name: string, pass: () => Promise<number>, logger: Logger, intervalMs: number, { drain = false } = {}) {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    let again = false;
    running = pass()
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
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
