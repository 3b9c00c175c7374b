/**
 * The wire contract of the PayOS API: zod schemas of every request and response, with their limits,
 * examples and descriptions, and the types inferred from them. The API registers these schemas for
 * validation and /openapi.json and types its presenters against them; the dashboard and the SDK
 * import the same types. Amounts are decimal strings; timestamps are ISO-8601 UTC strings.
 */

export * from './accounts.js';
export * from './agents.js';
export * from './api-keys.js';
export * from './approvals.js';
export * from './audit.js';
export * from './auth.js';
export * from './common.js';
export * from './countries.js';
export * from './deposits.js';
export * from './disputes.js';
export * from './errors.js';
export * from './events.js';
export * from './fx.js';
export * from './health.js';
export * from './ledger.js';
export * from './notifications.js';
export * from './payment-methods.js';
export * from './refunds.js';
export * from './reports.js';
export * from './reviews.js';
export * from './risk.js';
export * from './schedules.js';
export * from './search.js';
export * from './settings.js';
export * from './streams.js';
export * from './team.js';
export * from './transfers.js';
export * from './webhooks.js';
