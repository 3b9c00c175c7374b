import type { Logger } from 'pino';

/**
 * Runs `pass` every `intervalMs`, never two passes at once in this process (other processes are kept
 * apart by the database's SKIP LOCKED claims). Returns a stop function that waits for the current pass.
 */
export function startLoop(name: string, pass: () => Promise<number>, logger: Logger, intervalMs: number) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = pass()
      .then((count) => {
        if (count > 0) logger.info({ count }, `${name}: pass done`);
      })
      .catch((error: unknown) => logger.error({ err: error }, `${name}: pass failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
