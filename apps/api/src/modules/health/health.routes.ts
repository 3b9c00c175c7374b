import type { Health, Readiness } from '@payos/contracts';
import { requestLogger } from '../../http/middleware/request-context.js';
import type { Router } from '../../http/openapi.js';
import { checkDatabase } from './health.service.js';

/** The seed's health contract: 200 with checks, or 503 when a trivial database read fails or takes over 1.5 s. */
export function registerHealthRoutes(app: Router, isReady: () => boolean) {
  app.get('/health', async (c) => {
    const { db, config, clock } = c.get('deps');
    const timestamp = clock.now().toISOString();
    try {
      await checkDatabase(db);
      const healthy: Health = { status: 'healthy', timestamp, version: config.version, checks: { api: 'running', database: 'connected' } };
      return c.json(healthy, 200);
    } catch (error) {
      requestLogger(c).error({ err: error }, 'health check: database query failed');
      const unhealthy: Health = { status: 'unhealthy', error: 'Database connection failed', timestamp, version: config.version };
      return c.json(unhealthy, 503);
    }
  });

  app.get('/ready', (c) => {
    const timestamp = c.get('deps').clock.now().toISOString();
    const readiness: Readiness = { status: isReady() ? 'ready' : 'starting', timestamp };
    return c.json(readiness, readiness.status === 'ready' ? 200 : 503);
  });
}
