import { z } from 'zod';

/** The wire error types: the `type` of every error envelope. */
export const API_ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'conflict_error',
  'idempotency_error',
  'business_rule_error',
  'rate_limit_error',
  'api_error',
  'unavailable_error',
] as const;
export type ApiErrorType = (typeof API_ERROR_TYPES)[number];

/** Any request: its shape, parameters, body, cursor, environment header, idempotency key. */
const REQUEST_ERRORS = {
  parameter_invalid: ['invalid_request_error', 400],
  parameter_missing: ['invalid_request_error', 400],
  unknown_parameter: ['invalid_request_error', 400],
  invalid_body: ['invalid_request_error', 400],
  invalid_json: ['invalid_request_error', 400],
  invalid_character: ['invalid_request_error', 400],
  invalid_request: ['invalid_request_error', 400],
  invalid_cursor: ['invalid_request_error', 400],
  invalid_environment: ['invalid_request_error', 400],
  invalid_idempotency_key: ['invalid_request_error', 400],
  request_too_large: ['invalid_request_error', 413],
  unsupported_media_type: ['invalid_request_error', 415],
  resource_missing: ['not_found_error', 404],
  route_not_found: ['not_found_error', 404],
  idempotency_key_in_use: ['idempotency_error', 409],
  idempotency_response_unavailable: ['idempotency_error', 409],
  idempotency_key_reused: ['idempotency_error', 422],
  rate_limited: ['rate_limit_error', 429],
  internal_error: ['api_error', 500],
  database_unavailable: ['unavailable_error', 503],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Amounts in requests (docs/MONEY.md). */
const AMOUNT_ERROR_CODES = {
  amount_must_be_string: ['invalid_request_error', 400],
  invalid_amount: ['invalid_request_error', 400],
  amount_too_precise: ['invalid_request_error', 400],
  amount_not_positive: ['invalid_request_error', 400],
  amount_too_large: ['invalid_request_error', 400],
  amount_too_small: ['invalid_request_error', 400],
  amount_out_of_range: ['invalid_request_error', 400],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Credentials, sessions, roles and the team. */
const AUTH_ERRORS = {
  missing_credentials: ['authentication_error', 401],
  invalid_token: ['authentication_error', 401],
  invalid_api_key: ['authentication_error', 401],
  invalid_agent_token: ['authentication_error', 401],
  invalid_credentials: ['authentication_error', 401],
  invalid_refresh_token: ['authentication_error', 401],
  refresh_token_reused: ['authentication_error', 401],
  session_expired: ['authentication_error', 401],
  insufficient_permissions: ['permission_error', 403],
  user_credentials_required: ['permission_error', 403],
  test_mode_only: ['permission_error', 403],
  role_above_own: ['permission_error', 403],
  email_taken: ['conflict_error', 409],
  invite_invalid: ['invalid_request_error', 400],
  invite_pending: ['conflict_error', 409],
  last_owner: ['business_rule_error', 422],
  cannot_remove_self: ['business_rule_error', 422],
  login_locked: ['rate_limit_error', 429],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Accounts and their lifecycle. */
const ACCOUNT_ERRORS = {
  account_email_taken: ['conflict_error', 409],
  account_suspended: ['business_rule_error', 422],
  account_closed: ['business_rule_error', 422],
  invalid_account_type: ['business_rule_error', 422],
  balance_not_zero: ['business_rule_error', 422],
  account_has_agents: ['business_rule_error', 422],
  account_has_streams: ['business_rule_error', 422],
  invalid_state: ['business_rule_error', 422],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Transfers, payouts, quotes and limits. */
const MONEY_MOVEMENT_ERRORS = {
  self_transfer: ['invalid_request_error', 400],
  insufficient_funds: ['business_rule_error', 422],
  limit_exceeded: ['business_rule_error', 422],
  destination_account_closed: ['business_rule_error', 422],
  quote_expired: ['business_rule_error', 422],
  quote_used: ['business_rule_error', 422],
  quote_mismatch: ['business_rule_error', 422],
  unsupported_corridor: ['business_rule_error', 422],
  rates_unavailable: ['unavailable_error', 503],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Refunds and disputes. */
const REFUND_ERRORS = {
  not_refundable: ['business_rule_error', 422],
  refund_window_expired: ['business_rule_error', 422],
  amount_exceeds_refundable: ['business_rule_error', 422],
  dispute_window_expired: ['business_rule_error', 422],
  dispute_response_overdue: ['business_rule_error', 422],
  dispute_exists: ['conflict_error', 409],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Approvals, risk rules and the other controls between risky money and the rail. */
const CONTROL_ERRORS = {
  self_approval: ['permission_error', 403],
  approver_role_required: ['permission_error', 403],
  already_decided: ['conflict_error', 409],
  transfer_blocked: ['business_rule_error', 422],
  travel_rule_data_required: ['business_rule_error', 422],
  cooling_off_limit: ['business_rule_error', 422],
  approval_required: ['business_rule_error', 422],
  /** A schedule's run: the user who created it was removed, or the API key that did was revoked or expired. */
  schedule_creator_inactive: ['permission_error', 403],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** AI agents. */
const AGENT_ERRORS = {
  agent_not_allowed: ['permission_error', 403],
  agent_permission_missing: ['permission_error', 403],
  agent_suspended: ['permission_error', 403],
  agent_not_verified: ['permission_error', 403],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Money streams. */
const STREAM_ERRORS = {
  stream_sender_only: ['permission_error', 403],
  stream_receiver_only: ['permission_error', 403],
  funding_below_minimum: ['business_rule_error', 422],
  nothing_to_withdraw: ['business_rule_error', 422],
  amount_exceeds_withdrawable: ['business_rule_error', 422],
  too_many_streams: ['rate_limit_error', 429],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/** Webhook endpoints. */
const WEBHOOK_ERRORS = {
  webhook_url_not_allowed: ['invalid_request_error', 400],
  too_many_webhook_endpoints: ['business_rule_error', 422],
} as const satisfies Record<string, readonly [ApiErrorType, number]>;

/**
 * Every error code the API answers with, its type and HTTP status, from the per-domain lists above. Operations
 * declare the codes they can return; the API's pipeline adds the ones it produces itself (credentials, permissions,
 * validation, idempotency, rate limits, outages), and the OpenAPI document lists them per response.
 * A code thrown by the API that is not here fails `npm run typecheck`.
 */
export const ERROR_CODES = {
  ...REQUEST_ERRORS,
  ...AMOUNT_ERROR_CODES,
  ...AUTH_ERRORS,
  ...ACCOUNT_ERRORS,
  ...MONEY_MOVEMENT_ERRORS,
  ...REFUND_ERRORS,
  ...CONTROL_ERRORS,
  ...AGENT_ERRORS,
  ...STREAM_ERRORS,
  ...WEBHOOK_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const statusOfCode = (code: ErrorCode): number => ERROR_CODES[code][1];

export const errorSchema = z
  .object({
    error: z.object({
      type: z.enum(API_ERROR_TYPES).meta({ example: 'invalid_request_error' }),
      code: z
        .enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])
        .meta({ example: 'parameter_invalid', description: 'Stable and machine-readable; branch on it.' }),
      message: z.string().max(1000).meta({ example: 'amount: must be a decimal string' }),
      param: z.string().max(200).optional().meta({ example: 'amount', description: 'The request field at fault.' }),
      details: z.record(z.string().max(100), z.unknown()).optional(),
      requestId: z.string().max(128).meta({ example: 'req_5f0c6a1b2c3d4e5f' }),
    }),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof errorSchema>;
