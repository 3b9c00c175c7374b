import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { AMOUNT_MUST_BE_STRING } from '@payos/contracts';
import type { AppEnv } from '../context.js';
import { type AppError, invalidRequest, notFound } from '../core/errors.js';
import { RESPONSE_HEADERS } from './response-headers.js';

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/** One translation of every schema failure into the error envelope, with `param` naming the field. */
function validationError(target: string, issues: readonly Issue[]): AppError {
  const issue = issues[0];
  if (!issue) return invalidRequest('invalid_request', 'Invalid request.');
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys?.[0] ?? ''] : issue.path;
  const param = path.map(String).join('.') || undefined;
  // A malformed id in the path is an id that does not exist.
  if (target === 'param') return notFound('object');
  if (issue.code === 'unrecognized_keys') {
    return invalidRequest('unknown_parameter', `Received unknown parameter: ${param}.`, param);
  }
  if (!param && target === 'json') return invalidRequest('invalid_body', 'Request body must be a JSON object.');
  if (issue.message === AMOUNT_MUST_BE_STRING) {
    return invalidRequest(
      'amount_must_be_string',
      `${param} must be a decimal string such as "12.50", not a JSON number: a double cannot carry every amount exactly.`,
      param,
    );
  }
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  const message = missing ? `${param} is required.` : `${param}: ${issue.message}`;
  return invalidRequest(missing ? 'parameter_missing' : 'parameter_invalid', message, param);
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error.issues as readonly Issue[]);
    },
  });
}

export type Router = ReturnType<typeof createRouter>;

let scalarBundle: string | undefined;
function scalarScript(): string {
  if (!scalarBundle) {
    const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
    scalarBundle = readFileSync(join(dirname(entry), 'browser/standalone.js'), 'utf8');
  }
  return scalarBundle;
}

const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>PayOS API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="/docs/scalar.js"></script>
    <script>
      Scalar.createApiReference('#app', { url: '/openapi.json', withDefaultFonts: false, hideClientButton: false });
    </script>
  </body>
</html>`;

/** Every tag an operation may carry, described once for the reference's navigation. */
export const TAGS = {
  Auth: 'Sign up, log in, refresh and end sessions; accept invitations.',
  Organization: 'Your organization, its members and their roles, invitations.',
  'API keys': 'Server-side credentials for one environment; rotate with a grace period, revoke at once.',
  Accounts: 'Accounts you open for your customers (people or businesses): balances, verification, lifecycle.',
  Ledger: 'The double-entry ledger behind every balance, and its verification.',
  Deposits: 'Money in. In test, simulated deposits fund accounts; live on-ramps are not connected yet.',
  'Payment methods': 'Bank accounts and wallets payouts are sent to (SPEI, PIX, ACH, CBU, COP bank, USDC).',
  'FX and quotes': 'Corridors, indicative rates, and firm quotes that lock a rate and fees for a payout.',
  Transfers: 'Internal transfers between accounts and cross-border payouts, with their timelines; payout returns (test helper).',
  Refunds: 'Money going back from a completed internal transfer’s recipient to its sender, in full or in part.',
  Disputes: 'A transfer’s sender disputing it with its recipient: the amount held, evidence, responses, resolution.',
  Approvals:
    'Maker-checker: approval policies, and the transfers they hold in requires_approval until enough people approve (or one denies).',
  'Risk and reviews':
    'Risk rules every transfer goes through before it is written (flag, hold for review, or block), and the review queue: what the rules found and people’s own flags.',
  'Scheduled transfers': 'Transfers that run once or on a recurrence, with their executions.',
  Agents: 'AI agents acting for one account within verified permissions and limits.',
  Streams: 'Money streamed per second from one account to another, with live figures.',
  Notifications:
    'A dashboard user’s bell: failed and returned payouts, approvals waiting, reviews assigned, streams going critical, low balances, webhook endpoints disabled; read state per user.',
  Search: 'One query across accounts, transfers, payment methods, agents, scheduled transfers and streams: words, ids, amounts.',
  Reports: 'The overview of balances, volume, corridors and recent activity.',
  Audit: 'Who did what, when, from where, and why.',
  Webhooks: 'Endpoints that receive events, signed by the Standard Webhooks scheme; their delivery attempts.',
  Events: 'Every state change of a business object, with the object as it became, numbered per object: what webhooks deliver.',
} as const;

/** /openapi.json generated from the route schemas, and a Scalar reference served locally (no CDN). */
export function mountDocs(app: Router, version: string) {
  for (const [name, header] of Object.entries(RESPONSE_HEADERS)) {
    app.openAPIRegistry.registerComponent('headers', name, header);
  }
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A user access token (JWT from /v1/auth/login) or an API key (pk_test_… / pk_live_…).',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'PayOS API',
      version,
      description:
        'Multi-tenant stablecoin payouts for Latin America. Amounts are decimal strings; errors use one envelope; lists are cursor-paginated.',
      contact: { name: 'PayOS engineering', email: 'engineering@payos.example' },
    },
    servers: [
      { url: '/', description: 'This deployment: production, or local development under npm start.', 'x-internal': false } as {
        url: string;
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }],
  });
  app.get('/docs', (c) => {
    // Scalar needs inline script and styles; the relaxed policy is scoped to this page only.
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
    );
    return c.html(DOCS_HTML);
  });
  app.get('/docs/scalar.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(scalarScript());
  });
}
