/**
 * `npm run example:sdk` — a cross-border payout through @payos/sdk, step by step: open an account,
 * verify it, fund it (a test deposit), add a SPEI destination, quote USD → MXN, pay out, and wait
 * for the settlement worker to complete it.
 *
 * With PAYOS_API_KEY (a pk_test_… key) and PAYOS_BASE_URL set it talks to that API. Without them it
 * needs nothing running: it starts the API in this process on an embedded PGlite database in a
 * temporary directory (with the settlement worker, payouts settling after half a second), signs up a
 * throwaway organization, creates a test API key, runs the same steps and removes it all again.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PayOS, type Transfer } from '@payos/sdk';

type Target = { baseUrl: string; apiKey: string; description: string; stop: () => Promise<void> };
export type QuickstartResult = { accountId: string; transferId: string; status: Transfer['status']; available: string };

const SETTLEMENT_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

export async function main(options: { baseUrl?: string; apiKey?: string; log?: (line: string) => void } = {}): Promise<QuickstartResult> {
  const log = options.log ?? console.log;
  const baseUrl = options.baseUrl ?? process.env.PAYOS_BASE_URL;
  const apiKey = options.apiKey ?? process.env.PAYOS_API_KEY;
  const target: Target = baseUrl && apiKey ? { baseUrl, apiKey, description: baseUrl, stop: async () => {} } : await startLocalApi(log);
  try {
    log(`PayOS SDK quickstart against ${target.description}`);
    return await payout(new PayOS({ apiKey: target.apiKey, baseUrl: target.baseUrl }), log);
  } finally {
    await target.stop();
  }
}

async function payout(payos: PayOS, log: (line: string) => void): Promise<QuickstartResult> {
  const account = await payos.accounts.create({
    type: 'person',
    name: 'Maria Garcia',
    email: `maria.${randomUUID()}@example.com`,
    country: 'MX',
  });
  log(`1. Opened account ${account.name} (${account.id}), ${account.verificationStatus}`);

  const verified = await payos.accounts.verify(account.id, { tier: 2 });
  log(`2. Verified it: tier ${verified.verificationTier}, ${verified.verificationStatus}`);

  const deposit = await payos.deposits.create({ accountId: account.id, amount: '1000.00', currency: 'USD' });
  log(`3. Funded it with a test deposit of ${deposit.amount} ${deposit.currency}`);

  const destination = await payos.paymentMethods.create(account.id, {
    type: 'bank_account',
    rail: 'spei',
    details: { clabe: '032180000118359719', holderName: 'Maria Garcia' },
    label: 'BBVA payroll',
  });
  log(`4. Added a SPEI destination, CLABE ending ${destination.last4}`);

  const quote = await payos.quotes.create({ fromCurrency: 'USD', toCurrency: 'MXN', amount: '250.00' });
  log(
    `5. Quoted ${quote.sourceAmount} ${quote.fromCurrency} → ${quote.destinationAmount} ${quote.toCurrency} at ${quote.rate}, ` +
      `fees ${quote.fees.total}, total debit ${quote.totalDebit}, valid until ${quote.expiresAt}`,
  );

  // The SDK sends an Idempotency-Key with every write and retries with the same key: one payout, whatever the network does.
  const created = await payos.transfers.create({
    type: 'payout',
    fromAccountId: account.id,
    paymentMethodId: destination.id,
    amount: quote.sourceAmount,
    currency: 'USD',
    quoteId: quote.id,
    description: 'Quickstart payout',
  });
  log(`6. Paid out: transfer ${created.id} is ${created.status}`);

  const settled = await waitForSettlement(payos, created.id);
  const [balance] = (await payos.accounts.balances(account.id)).balances;
  log(`7. Settlement: ${settled.status}${settled.failureReason ? ` (${settled.failureReason})` : ''}; ${timelineOf(settled)}`);
  log(`   Balance: ${balance?.available} ${balance?.currency} available, ${balance?.pending} pending`);
  return { accountId: account.id, transferId: settled.id, status: settled.status, available: balance?.available ?? '0' };
}

async function waitForSettlement(payos: PayOS, id: string): Promise<Transfer> {
  const deadline = Date.now() + SETTLEMENT_TIMEOUT_MS;
  for (;;) {
    const transfer = await payos.transfers.get(id);
    if (transfer.status !== 'pending' && transfer.status !== 'processing') return transfer;
    if (Date.now() > deadline) throw new Error(`transfer ${id} is still ${transfer.status} after ${SETTLEMENT_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const timelineOf = (transfer: Transfer) => transfer.timeline.map((step) => step.status).join(' → ');

/**
 * The API in this process, as `npm run start:api` runs it but on a fresh PGlite in a temporary
 * directory (no demo data), with the settlement worker; then a throwaway organization and test key.
 */
async function startLocalApi(log: (line: string) => void): Promise<Target> {
  // Loaded only here: against a given server, the example needs nothing but the SDK.
  const [{ serve }, { loadEnv }, { prepareRuntime }, { startSettlementWorker }] = await Promise.all([
    import('@hono/node-server'),
    import('../apps/api/src/env.js'),
    import('../apps/api/src/server.js'),
    import('../apps/api/src/worker/settlement.js'),
  ]);
  log('No PAYOS_API_KEY / PAYOS_BASE_URL: starting the API in this process on embedded PGlite…');
  const dataDir = mkdtempSync(join(tmpdir(), 'payos-sdk-quickstart-'));
  const env = loadEnv({
    NODE_ENV: 'development',
    PAYOS_DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PAYOUT_LATENCY_MS: '500',
    SETTLEMENT_INTERVAL_MS: '100',
  });
  const runtime = await prepareRuntime(env);
  const stopWorker = startSettlementWorker(runtime.db, runtime.deps, runtime.logger, env.SETTLEMENT_INTERVAL_MS);
  const server = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' });
  const stop = async () => {
    await stopWorker();
    await new Promise((resolve) => server.close(resolve));
    await runtime.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;
    return { baseUrl, apiKey: await throwawayKey(baseUrl), description: `${baseUrl} (in-process API, embedded PGlite)`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signs up an organization and creates a test API key with its owner's session (user endpoints, outside the SDK). */
async function throwawayKey(baseUrl: string): Promise<string> {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { data?: Record<string, unknown> };
    if (!response.ok || !json.data) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json.data;
  };
  const signup = await call('/v1/auth/signup', {
    email: `quickstart.${randomUUID()}@example.com`,
    password: randomUUID(),
    name: 'Quickstart',
    organizationName: 'Quickstart Payouts',
  });
  const { accessToken } = signup.session as { accessToken: string };
  const created = await call('/v1/api-keys', { name: 'SDK quickstart', environment: 'test' }, accessToken);
  return created.key as string;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
