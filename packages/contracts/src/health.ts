import { z } from 'zod';
import { text, timestampSchema } from './common.js';

/* `GET /health` and `GET /ready`: probes for load balancers and orchestrators, outside /v1 and the spec. */

const versionSchema = text(100, { example: '0.1.0' });

export const healthSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('healthy'),
    timestamp: timestampSchema(),
    version: versionSchema,
    checks: z.object({ api: z.literal('running'), database: z.literal('connected') }),
  }),
  z.object({
    status: z.literal('unhealthy'),
    error: text(200, { example: 'Database connection failed' }),
    timestamp: timestampSchema(),
    version: versionSchema,
  }),
]);
export type Health = z.output<typeof healthSchema>;

export const readinessSchema = z.object({
  status: z.enum(['ready', 'starting']),
  timestamp: timestampSchema(),
});
export type Readiness = z.output<typeof readinessSchema>;
