/**
 * `npm run webhooks:listen -- [--forward-to http://localhost:8080/hooks] [--events 'transfer.*,account.*']`
 *
 * Webhooks on a laptop, without a public URL: registers a temporary endpoint in the test environment
 * that points at a receiver this command runs on localhost, prints each event as it arrives (after
 * checking its signature), forwards it — the same body and the same webhook-id / webhook-timestamp /
 * webhook-signature headers, so your handler verifies it with the signing secret printed at start —
 * and answers PayOS with your handler's status, so a failing handler sees PayOS's retries. The
 * endpoint is deleted on exit (Ctrl-C).
 *
 * Where and who: PAYOS_BASE_URL (default http://localhost:4000) and an owner or admin user —
 * PAYOS_EMAIL + PAYOS_PASSWORD (default: the demo login of `npm start`), or PAYOS_ACCESS_TOKEN.
 * The API must allow http://localhost receivers (WEBHOOKS_ALLOW_PRIVATE, the default outside production).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PayOS, Webhooks } from '@payos/sdk';

const DEMO_LOGIN = { email: 'demo@payos.dev', password: 'demo-password-2025' };
const FORWARD_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;

export type ListenOptions = {
  baseUrl: string;
  /** A user access token, or an e-mail and password to log in with (and to log in again when the session ends). */
  accessToken?: string;
  email?: string;
  password?: string;
  forwardTo?: string;
  /** Event types to subscribe to: a type, `prefix.*` or `*`. Default every type. */
  events?: string[];
  log?: (line: string) => void;
};

export type Listener = { endpointId: string; secret: string; receiverUrl: string; stop: () => Promise<void> };

/** Registers the temporary endpoint and starts the receiver. `stop()` deletes the endpoint and closes the receiver. */
export async function listen(options: ListenOptions): Promise<Listener> {
  const log = options.log ?? console.log;
  const payos = await signedIn(options);
  const receiver = createServer();
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const receiverUrl = `http://localhost:${(receiver.address() as AddressInfo).port}/`;
  let endpoint: { id: string; secret: string };
  try {
    endpoint = await payos.webhooks.create({
      url: receiverUrl,
      enabledEvents: options.events && options.events.length > 0 ? options.events : ['*'],
      description: 'npm run webhooks:listen (temporary: deleted when it stops)',
    });
  } catch (error) {
    receiver.close();
    throw error;
  }
  receiver.on('request', (request, response) => {
    void handle(request, endpoint.secret, options.forwardTo, log).then(
      ({ status, text }) => response.writeHead(status, { 'content-type': 'text/plain' }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  log(`Ready: test-environment events → ${options.forwardTo ?? 'printed here only (no --forward-to)'}`);
  log(`Webhook signing secret for your handler: ${endpoint.secret}  (temporary endpoint ${endpoint.id}; Ctrl-C to stop)`);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await payos.webhooks.delete(endpoint.id).catch((error: unknown) => log(`could not delete endpoint ${endpoint.id}: ${String(error)}`));
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      log(`Stopped; endpoint ${endpoint.id} deleted.`);
    })();
    return stopped;
  };
  return { endpointId: endpoint.id, secret: endpoint.secret, receiverUrl, stop };
}

/** A client for the test environment, as the given user (logging in again if the session ends). */
async function signedIn(options: ListenOptions): Promise<PayOS> {
  if (options.accessToken) return new PayOS({ baseUrl: options.baseUrl, accessToken: options.accessToken, environment: 'test' });
  const credentials = { email: options.email ?? DEMO_LOGIN.email, password: options.password ?? DEMO_LOGIN.password };
  const login = async () => (await new PayOS({ baseUrl: options.baseUrl }).auth.login(credentials)).session.accessToken;
  let token = await login();
  return new PayOS({
    baseUrl: options.baseUrl,
    environment: 'test',
    getToken: () => token,
    onUnauthorized: async () => {
      token = await login();
      return true;
    },
  });
}

/** One delivery: verify, print, forward. PayOS gets the handler's status (or 502 if it is unreachable). */
async function handle(request: IncomingMessage, secret: string, forwardTo: string | undefined, log: (line: string) => void) {
  const body = await readBody(request);
  if (body === undefined) return { status: 413, text: 'too large' };
  let event: { id: string; type: string; objectId?: string };
  try {
    event = Webhooks.verify(body, request.headers, secret);
  } catch {
    log('✗ a request with no valid signature was refused');
    return { status: 400, text: 'invalid signature' };
  }
  const line = `${new Date().toISOString()}  ${event.type.padEnd(28)} ${event.id}${event.objectId ? `  ${event.objectId}` : ''}`;
  if (!forwardTo) {
    log(line);
    return { status: 200, text: 'ok' };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  try {
    const forwarded = await fetch(forwardTo, { method: 'POST', headers, body, signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS) });
    await forwarded.body?.cancel();
    log(`${line}  → ${forwarded.status}`);
    return { status: forwarded.status, text: `forwarded: ${forwarded.status}` };
  } catch (error) {
    log(`${line}  → could not reach ${forwardTo}: ${(error as Error).message}`);
    return { status: 502, text: 'handler unreachable' };
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const { values } = parseArgs({
    options: { 'forward-to': { type: 'string' }, events: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('npm run webhooks:listen -- [--forward-to http://localhost:8080/hooks] [--events "transfer.*,account.*"]');
    return;
  }
  const listener = await listen({
    baseUrl: process.env.PAYOS_BASE_URL || 'http://localhost:4000',
    accessToken: process.env.PAYOS_ACCESS_TOKEN || undefined,
    email: process.env.PAYOS_EMAIL || undefined,
    password: process.env.PAYOS_PASSWORD || undefined,
    forwardTo: values['forward-to'],
    events: values.events?.split(',').map((type) => type.trim()),
  });
  const stop = () => void listener.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`webhooks:listen: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
