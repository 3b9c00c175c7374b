import { requestLogger } from '../../http/middleware/request-context.js';
import type { Router } from '../../http/openapi.js';

const HEALTH_TIMEOUT_MS = 1_500;

/** The seed's health contract: 200 with checks, or 503 when a trivial database read fails or takes over 1.5 s. */
export function registerHealthRoutes(app: Router, isReady: () => boolean) {
  app.get('/health', async (c) => {
    const { db, config, clock } = c.get('deps');
    const timestamp = clock.now().toISOString();
    try {
      // A partitioned network can leave a query waiting forever: health answers within 1.5 s regardless.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('health check timed out after 1.5 s')), HEALTH_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      return c.json({ status: 'healthy', timestamp, version: config.version, checks: { api: 'running', database: 'connected' } }, 200);
    } catch (error) {
      requestLogger(c).error({ err: error }, 'health check: database query failed');
      return c.json({ status: 'unhealthy', error: 'Database connection failed', timestamp, version: config.version }, 503);
    }
  });

  app.get('/ready', (c) => {
    const timestamp = c.get('deps').clock.now().toISOString();
    return isReady() ? c.json({ status: 'ready', timestamp }, 200) : c.json({ status: 'starting', timestamp }, 503);
  });
}
