import type { Logger } from 'pino';

/**
 * Last line of defence for the API and worker processes. A promise nobody awaited that rejects is a
 * bug, but not a reason to drop every tenant's in-flight requests: it is logged and the process keeps
 * serving. An exception thrown outside any request leaves the process in an unknown state: it is
 * logged and the process stops gracefully (in-flight requests finish, the pool closes) with exit
 * code 1, for the supervisor to restart it. Transactions make either outcome safe for the ledger.
 */
export function guardProcess(logger: Logger, stop: (reason: string, exitCode: number) => void) {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (process kept running)');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: stopping');
    stop('uncaughtException', 1);
  });
}
