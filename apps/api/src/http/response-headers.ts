/**
 * Headers every response carries, documented once under components.headers and referenced from
 * each response (see mountDocs); a 429 adds Retry-After. Rate-limit headers are set once a budget
 * was consulted; Access-Control-Allow-Origin only for an allowed dashboard origin.
 */
export const RESPONSE_HEADERS = {
  'X-Request-ID': {
    description: 'Echoed or generated request id; quote it to support.',
    schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute for this caller and tier.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Reset': {
    description: 'When the window resets (unix seconds).',
    schema: { type: 'integer', format: 'int64', minimum: 0, maximum: 253_402_300_799 },
  },
  'Access-Control-Allow-Origin': {
    description: 'Present when the request came from an allowed dashboard origin (CORS_ORIGINS); never `*`.',
    schema: { type: 'string', maxLength: 200, format: 'uri' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
} as const;
