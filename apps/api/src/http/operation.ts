import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import { ERROR_CODES, type ErrorCode } from '@payos/contracts';
import type { Environment } from '@payos/db';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { type Actor, ROLE_RANK } from '../core/actor.js';
import { AppError, forbidden, notFound, unauthenticated } from '../core/errors.js';
import { agentActivity } from '../modules/agents/agents.activity.js';
import type { Access, CredentialKind, OperationDeclaration } from './declaration.js';
import { idempotency } from './middleware/idempotency.js';
import { callerKey, clientIp, consumeRateLimit } from './middleware/rate-limit.js';
import type { Router } from './openapi.js';
import type { RESPONSE_HEADERS } from './response-headers.js';
import { errorSchema } from './responses.js';

export type { Access, AgentAccount, CredentialKind, OperationDeclaration } from './declaration.js';
export const ENVIRONMENTS: readonly Environment[] = ['test', 'live'];

type Declared = Omit<RouteConfig, 'middleware' | 'responses'> & {
  responses: RouteConfig['responses'];
  access: Access;
  /** Business error codes the handler can return, beyond the ones the pipeline adds itself. */
  errors?: readonly ErrorCode[];
};

/** A symbol key: it travels with the route into the registry but never into the JSON document. */
const DECLARATION = Symbol('payos.declaration');

function normalise(config: Declared): OperationDeclaration {
  const { access } = config;
  const method = config.method.toUpperCase();
  const isPublic = access.credentials === 'public';
  const declaration: OperationDeclaration = {
    operationId: config.operationId ?? '',
    method,
    path: config.path,
    credentials: access.credentials,
    role: access.role ?? 'viewer',
    agent: access.agent ?? null,
    environments: access.environments ?? ENVIRONMENTS,
    testOnly: access.testOnly ?? null,
    live: access.live ?? null,
    idempotent: access.idempotent ?? (method === 'POST' && !isPublic),
    rateLimit: access.rateLimit ?? null,
    errors: [],
  };
  assertConsistent(declaration);
  declaration.errors = impliedErrors(config, declaration);
  return declaration;
}

/** Declarations that contradict themselves stop the app at start-up, not at the first request. */
function assertConsistent(d: OperationDeclaration) {
  const fail = (why: string) => {
    throw new Error(`Operation ${d.operationId || `${d.method} ${d.path}`}: ${why}`);
  };
  if (!d.operationId) fail('operationId is required');
  if (d.credentials === 'public') {
    if (d.agent || d.live || d.role !== 'viewer') fail('a public operation cannot restrict roles, agents or live callers');
    return;
  }
  if (d.credentials.length === 0) fail('no credential kind may call it');
  const allowsAgents = d.credentials.includes('agent') || d.live?.credentials.includes('agent');
  if (allowsAgents && !d.agent) fail('agents are allowed but no agent rule (permission + account) is declared');
  if (!allowsAgents && d.agent) fail('an agent rule is declared but agents are not allowed');
  const nonUsers = d.credentials.filter((k) => k !== 'user');
  if (nonUsers.length > 0 && ROLE_RANK[d.role] > ROLE_RANK.member) {
    fail(`API keys and agents act as member and can never reach role ${d.role}: allow users only`);
  }
  if (d.environments.length === 0) fail('no environment');
}

function impliedErrors(config: Declared, d: OperationDeclaration): ErrorCode[] {
  const codes = new Set<ErrorCode>(config.errors ?? []);
  const add = (...list: ErrorCode[]) => {
    for (const code of list) codes.add(code);
  };
  add('rate_limited', 'database_unavailable', 'internal_error');
  if (config.request?.body || config.request?.query) {
    add('parameter_invalid', 'parameter_missing', 'unknown_parameter', 'invalid_character');
  }
  if (config.request?.body) add('invalid_json', 'invalid_body', 'request_too_large', 'unsupported_media_type');
  if (config.request?.params) add('resource_missing');
  if (d.credentials !== 'public') {
    // Authentication runs before the route is considered: any credential's failures can answer here.
    add('missing_credentials', 'invalid_token', 'invalid_api_key', 'invalid_agent_token', 'agent_suspended', 'agent_not_verified');
    add('invalid_environment', 'insufficient_permissions');
    const rules = d.live ? [d.credentials, d.live.credentials] : [d.credentials];
    const somewhere = (kind: CredentialKind) => rules.some((r) => r.includes(kind));
    const everywhere = (kind: CredentialKind) => rules.every((r) => r.includes(kind));
    if (!everywhere('api_key')) add('user_credentials_required');
    if (somewhere('agent')) {
      if (d.agent?.permission) add('agent_permission_missing');
      if (d.agent && typeof d.agent.account === 'object') add('resource_missing');
    }
    if (!everywhere('agent')) add('agent_not_allowed');
  }
  if (d.environments.length < ENVIRONMENTS.length) add('test_mode_only');
  if (d.idempotent) add('invalid_idempotency_key', 'idempotency_key_in_use', 'idempotency_key_reused');
  if (d.idempotent === 'secret') add('idempotency_response_unavailable');
  return [...codes];
}

const headerRef = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });
const EVERY_RESPONSE = (
  ['X-Request-ID', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Access-Control-Allow-Origin'] as const
).map((name) => [name, headerRef(name)] as const);

const NO_PARAMETERS = {
  required: false,
  description: 'This action takes no parameters: send no body, or `{}`.',
  content: { 'application/json': { schema: z.strictObject({}).meta({ id: 'NoParameters' }) } },
};

/** Documents the common headers on every response of an operation. */
function withHeaders(responses: RouteConfig['responses']): RouteConfig['responses'] {
  const out: RouteConfig['responses'] = {};
  for (const [status, response] of Object.entries(responses)) {
    const headers = Object.fromEntries([
      ...EVERY_RESPONSE,
      ...(status === '429' ? [['Retry-After', headerRef('Retry-After')] as const] : []),
    ]);
    out[status] = { ...(response as object), headers } as RouteConfig['responses'][string];
  }
  return out;
}

/** Error responses for the spec: one per status, listing the codes that status carries. */
function errorResponses(codes: readonly ErrorCode[]): RouteConfig['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code][1];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const sorted = list.sort();
    responses[status] = {
      description: `Error codes: ${sorted.map((c) => `\`${c}\``).join(', ')}.`,
      content: { 'application/json': { schema: errorSchema } },
      'x-payos-error-codes': sorted,
    } as RouteConfig['responses'][string];
  }
  return responses;
}

const kindRefusal = (actor: Actor) => {
  if (actor.kind === 'agent') return new AppError('permission_error', 'agent_not_allowed', 'Agents cannot call this endpoint.');
  if (actor.kind === 'api_key') {
    return new AppError(
      'permission_error',
      'user_credentials_required',
      'This operation requires a user login; API keys cannot perform it.',
    );
  }
  return new AppError('permission_error', 'insufficient_permissions', 'This operation is not available to user logins.');
};

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The authorization decision: throws the refusal, or returns when the caller may proceed. */
async function authorize(c: Context<AppEnv>, d: OperationDeclaration, actor: Actor) {
  if (d.credentials === 'public') return;
  if (!d.environments.includes(actor.environment)) {
    throw new AppError(
      'permission_error',
      'test_mode_only',
      `${d.method} ${d.path} exists in the test environment only.${d.testOnly ? ` ${d.testOnly}` : ''}`,
    );
  }
  const rule = actor.environment === 'live' && d.live ? d.live : { credentials: d.credentials, role: d.role };
  if (!rule.credentials.includes(actor.kind)) throw kindRefusal(actor);
  if (ROLE_RANK[actor.role] < ROLE_RANK[rule.role]) {
    throw forbidden(d.live && actor.environment === 'live' ? `In live, ${d.live.why}` : undefined);
  }
  if (!actor.agent || !d.agent) return;
  const { permission, account } = d.agent;
  if (permission && !actor.agent.permissions.includes(permission)) {
    throw new AppError('permission_error', 'agent_permission_missing', `This agent lacks the ${permission} permission.`, {
      details: { permission },
    });
  }
  if (typeof account !== 'object') return;
  let named: unknown;
  if ('path' in account) named = c.req.param(account.path);
  else named = ((await c.req.json().catch(() => null)) as Record<string, unknown> | null)?.[account.body];
  // A missing or malformed field is left to validation (400); a well-formed foreign one is out of reach.
  if (typeof named === 'string' && named !== '' && !sameId(named, actor.agent.accountId)) {
    throw notFound('account', 'body' in account ? account.body : undefined);
  }
}

function credentialOf(c: Context<AppEnv>): string {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S{10,2000})$/i.exec(header) : null;
  if (!match?.[1]) throw unauthenticated('missing_credentials', 'Provide a credential as Authorization: Bearer <token>.');
  return match[1];
}

/**
 * An optional body sent empty is no body: read as `{}` when it came as JSON (`curl -X POST -H
 * 'Content-Type: application/json'` with no data), and a stray other Content-Type on an empty DELETE
 * (some HTTP clients always send one) is dropped rather than answered 415. Without a Content-Type
 * nothing is touched: the validator skips an absent body by itself.
 */
const emptyBodyIsNone: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type');
  if (type && (await c.req.text()).trim() === '') {
    // Hono caches each body read as a promise under its kind; json() parses the cached text.
    if (/^application\/(.+\+)?json\b/i.test(type)) (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve('{}');
    else c.req.raw.headers.delete('content-type');
  }
  await next();
};

/**
 * The pipeline every declared operation runs, in this order:
 * authenticate → authorize → rate limit → (an empty optional body read as none) → idempotency →
 * (validate → handler, added by zod-openapi).
 * Nothing that can answer with business data runs before authorization; idempotency comes after it
 * so a stored response is only ever replayed to a caller who may make the call now.
 */
function pipeline(d: OperationDeclaration, optionalBody: boolean): MiddlewareHandler<AppEnv>[] {
  if (d.credentials === 'public') {
    const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
      c.set('operation', d);
      await consumeRateLimit(c, 'general', clientIp(c));
      if (d.rateLimit) await consumeRateLimit(c, d.rateLimit, clientIp(c));
      await next();
    };
    return [guard];
  }
  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('operation', d);
    try {
      c.set('actor', await c.get('deps').credentials.resolve(credentialOf(c), c.req.header('payos-environment')));
    } catch (error) {
      // Whoever fails to authenticate counts against their address alone.
      if (error instanceof AppError) await consumeRateLimit(c, 'general', clientIp(c));
      throw error;
    }
    await next();
  };
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = c.get('actor');
    let refusal: unknown;
    try {
      await authorize(c, d, actor);
    } catch (error) {
      refusal = error;
    }
    // Refused calls spend the caller's budget too: a flood of 403s is still a flood.
    await consumeRateLimit(c, 'general', callerKey(c));
    if (refusal) throw refusal;
    if (d.rateLimit) await consumeRateLimit(c, d.rateLimit, callerKey(c));
    await next();
  };
  const chain: MiddlewareHandler<AppEnv>[] = [authenticate, agentActivity(d.operationId), guard];
  if (optionalBody) chain.push(emptyBodyIsNone);
  if (d.idempotent) chain.push(idempotency({ encrypt: d.idempotent === 'secret', inHandler: d.idempotent === 'handler' }));
  return chain;
}

/** Who may call an operation, in words (the spec's descriptions and SECURITY.md's table). */
export const callers = (d: OperationDeclaration): string => {
  if (d.credentials === 'public') return 'anyone (no credential)';
  const parts: string[] = [];
  if (d.credentials.includes('user')) parts.push(`users ≥ ${d.role}`);
  if (d.credentials.includes('api_key')) parts.push('API keys');
  if (d.credentials.includes('agent') && d.agent) {
    const account =
      typeof d.agent.account === 'object'
        ? `own account (\`${'path' in d.agent.account ? d.agent.account.path : d.agent.account.body}\`)`
        : d.agent.account === 'scoped'
          ? 'own account’s data only'
          : 'no account data';
    parts.push(`agents${d.agent.permission ? ` with \`${d.agent.permission}\`` : ''}, ${account}`);
  }
  return parts.join('; ');
};

/** Where an operation runs, in words. */
export const environmentsOf = (d: OperationDeclaration): string => {
  if (d.environments.length === 1) return `${d.environments[0]} only`;
  if (!d.live) return 'test, live';
  return `test; live: ${d.live.credentials.join(', ')} ≥ ${d.live.role}`;
};

/** The operation's description: what the route says, then who may call it, where, and how. */
function describe(config: Declared, d: OperationDeclaration): string {
  const facts = [
    `**Who:** ${callers(d)}.`,
    `**Environments:** ${environmentsOf(d)}.${d.live ? ` In live, ${d.live.why}` : ''}`,
    d.idempotent ? '**Idempotent:** send an `Idempotency-Key` header (a UUID) to retry safely.' : '',
    d.rateLimit ? `**Rate limit:** the ${d.rateLimit} tier applies on top of the per-caller limit.` : '',
  ].filter(Boolean);
  return [config.description ?? `${config.summary ?? d.operationId}.`, facts.join(' ')].join('\n\n');
}

/**
 * Declares an operation: its route and OpenAPI entry (with x-payos-* and every error code), and its
 * authorization, from one object. Use as `app.openapi(declare({...}), handler)`.
 */
export function declare<P extends string, R extends Declared & { path: P }>(config: R): R & { middleware: MiddlewareHandler<AppEnv>[] } {
  // An action (POST or DELETE without parameters of its own) takes no body or `{}`; anything else is a 400.
  if ((config.method === 'post' || config.method === 'delete') && !config.request?.body) {
    config = { ...config, request: { ...config.request, body: NO_PARAMETERS } };
  }
  const d = normalise(config);
  const { access: _access, errors: _errors, ...route } = config;
  const extensions = {
    'x-payos-credentials': d.credentials === 'public' ? ['none'] : d.credentials,
    'x-payos-role': d.credentials === 'public' ? null : d.role,
    'x-payos-agent-permission': d.agent ? (d.agent.permission ?? 'none') : null,
    'x-payos-agent-account': d.agent?.account ?? null,
    'x-payos-environments': d.environments,
    ...(d.live && { 'x-payos-live': d.live }),
    'x-payos-idempotent': d.idempotent !== false,
    [DECLARATION]: d,
  };
  return createRoute({
    ...route,
    description: describe(config, d),
    ...extensions,
    ...(d.credentials === 'public' && { security: [] }),
    middleware: pipeline(d, config.request?.body?.required === false),
    responses: withHeaders({ ...route.responses, ...errorResponses(d.errors) }),
  }) as unknown as R & { middleware: MiddlewareHandler<AppEnv>[] };
}

/** Every declaration registered on the app (from its OpenAPI registry). */
export function declarationsOf(app: Router): OperationDeclaration[] {
  const out: OperationDeclaration[] = [];
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const d = (definition.route as unknown as Record<symbol, OperationDeclaration | undefined>)[DECLARATION];
    if (d) out.push(d);
  }
  return out;
}

/** Hono's `/v1/x/:id` form of an OpenAPI `/v1/x/{id}` path. */
export const routingPath = (path: string) => path.replaceAll(/\/{(.+?)}/g, '/:$1');

/**
 * Refuses to start when a /v1 route was mounted without a declaration (a plain app.get would
 * bypass authorization), or an operation id is used twice.
 */
export function assertEveryRouteDeclared(app: Router) {
  const declared = new Set(declarationsOf(app).map((d) => `${d.method} ${routingPath(d.path)}`));
  const ids = new Set<string>();
  for (const d of declarationsOf(app)) {
    if (ids.has(d.operationId)) throw new Error(`Operation id ${d.operationId} is declared twice.`);
    ids.add(d.operationId);
  }
  for (const route of app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/v1/')) continue;
    if (!declared.has(`${route.method} ${route.path}`)) {
      throw new Error(`${route.method} ${route.path} is mounted without a declared operation; use declare() (http/operation.ts).`);
    }
  }
}

/** The agent's own account, for handlers of `scoped` operations; undefined for users and API keys. */
export const agentAccountOf = (actor: Actor) => actor.agent?.accountId;
