export * from './client.js';
export * from './migrate.js';
export * from './pipeline.js';
export * from './rls-check.js';
export * from './tenant.js';
export * from './statistics.js';
