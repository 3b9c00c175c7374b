/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type Health =
  | { status: 'healthy'; timestamp: string; version: string; checks: { api: 'running'; database: 'connected' } }
  | { status: 'unhealthy'; error: string; timestamp: string; version: string };
