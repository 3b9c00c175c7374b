/**
 * bench:web — the dashboard in Chromium against the demo API (fresh PGlite, production build):
 * time from navigation to the accounts table showing rows, cold (new browser context: page load,
 * session restore, first fetch) and warm (client-side navigation back to an already visited page),
 * and the API requests each page makes. Targets: cold < 1.5 s, warm < 300 ms, home ≤ 2 API calls,
 * account detail ≤ 2 calls before a tab is opened; New payment: 1 quote request per settled amount;
 * ⌘K search: the time from a settled query to its results on screen, and the search request's own time.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO, launch, login } from '../tests/e2e/browser.js';
import { startStack } from '../tests/e2e/servers.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function countApiCalls(page: Page) {
  const calls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/') && r.method() !== 'OPTIONS') calls.push(`${r.method()} ${url.pathname}`);
  });
  return calls;
}

async function measure(browser: Browser, webUrl: string) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, webUrl, '/settings'); // a page without the accounts query
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const started = performance.now();
    await page.goto(`${webUrl}/accounts`);
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    cold.push(performance.now() - started);

    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByTestId('balance-USDC').waitFor();
    const back = performance.now();
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    warm.push(performance.now() - back);
    await context.close();
  }
  return { cold: median(cold), warm: median(warm) };
}

async function requestsPerPage(browser: Browser, webUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, webUrl, '/settings');
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  const result: Record<string, string[]> = {};
  const visit = async (name: string, path: string, ready: () => Promise<unknown>) => {
    const calls = countApiCalls(page);
    await page.goto(`${webUrl}${path}`);
    await ready();
    await page.waitForLoadState('networkidle');
    page.removeAllListeners('request');
    result[name] = calls.filter((c) => !c.endsWith('/v1/auth/me'));
  };
  await visit('home', '/', () => page.getByTestId('balance-USDC').waitFor());
  await visit('accounts', '/accounts', () => page.getByRole('link', { name: 'TechCorp Inc' }).waitFor());
  const techCorp = await page.getByRole('link', { name: 'TechCorp Inc' }).getAttribute('href');
  await visit('account detail', techCorp ?? '/accounts', () => page.getByRole('heading', { name: 'TechCorp Inc' }).waitFor());
  await visit('transfers', '/transfers', () => page.getByRole('columnheader', { name: 'Amount' }).waitFor());
  await context.close();
  return result;
}

/**
 * New payment: a person types two amounts, key by key, pausing between them; the countdown then ticks
 * twice (so a re-quoting loop would show). Counts the quote requests: the target is one per settled amount.
 */
async function newPaymentQuoteRequests(browser: Browser, webUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, webUrl, '/transfers');
  const quotes = countApiCalls(page);
  await page.getByRole('button', { name: 'New payment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New payment' });
  for (const [label, text] of [
    ['From account', 'TechCorp Inc'],
    ['To', 'Treasury wallet'],
  ] as const) {
    const option = dialog.getByLabel(label, { exact: true }).locator('option', { hasText: text }).first();
    await option.waitFor({ state: 'attached' });
    await dialog.getByLabel(label, { exact: true }).selectOption((await option.getAttribute('value')) ?? '');
  }
  await dialog.getByLabel('Currency', { exact: true }).selectOption('USDC');
  const amount = dialog.getByLabel('Amount', { exact: true });
  const countdown = dialog.getByTestId('quote').locator('[aria-live]');
  const settled: string[] = [];
  for (const typed of ['1250,50', '980.25']) {
    await amount.fill('');
    await amount.pressSequentially(typed, { delay: 90 });
    settled.push(typed);
    await countdown.waitFor();
    for (let tick = 0; tick < 2; tick++) {
      const before = await countdown.textContent();
      // The countdown's text changes (the page's CSP forbids evaluating a string, so no waitForFunction).
      await countdown.filter({ hasNotText: before ?? '' }).waitFor();
    }
  }
  await context.close();
  return { settled: settled.length, requests: quotes.filter((c) => c === 'POST /v1/quotes').length };
}

/**
 * ⌘K search as a person uses it: the palette open, a query pasted (one input event), its results on
 * screen. Each query is new to the page (no cached answer). `shown` runs from the input to the first
 * result visible and includes the palette's debounce; `request` is the GET /v1/search alone, from
 * sending to the end of its response (through the dashboard's proxy to the API).
 */
const SEARCHES = ['TechCorp', 'Maria Garc', 'payroll', 'freight', 'Andes', 'retainer', 'Juan', 'invoice', 'Carlos'];

async function searchLatency(browser: Browser, webUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, webUrl, '/');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search' });
  const box = palette.getByRole('combobox');
  await box.waitFor();
  const isSearch = (r: { url(): string }) => new URL(r.url()).pathname === '/v1/search';
  const shown: number[] = [];
  const request: number[] = [];
  for (const query of SEARCHES.slice(0, RUNS + 2)) {
    await box.fill('');
    await palette.getByRole('option').first().waitFor({ state: 'detached' });
    const sent = page.waitForEvent('request', isSearch).then(() => performance.now());
    const finished = page.waitForEvent('requestfinished', isSearch).then(() => performance.now());
    const started = performance.now();
    await box.fill(query);
    await palette.getByRole('option').first().waitFor();
    shown.push(performance.now() - started);
    request.push((await finished) - (await sent));
  }
  await context.close();
  return { shown: median(shown), request: median(request), queries: shown.length };
}

const stack = await startStack();
const browser = await launch();
try {
  const times = await measure(browser, stack.webUrl);
  const calls = await requestsPerPage(browser, stack.webUrl);
  const quotes = await newPaymentQuoteRequests(browser, stack.webUrl);
  const search = await searchLatency(browser, stack.webUrl);
  console.log(`\nbench:web — Chromium, production build, demo data (${DEMO.email}), median of ${RUNS}`);
  console.log(`accounts table, cold navigation   ${times.cold.toFixed(0).padStart(5)} ms   (target < 1500)`);
  console.log(`accounts table, warm (cached)     ${times.warm.toFixed(0).padStart(5)} ms   (target < 300)`);
  for (const [page, list] of Object.entries(calls)) {
    console.log(`${`API calls: ${page}`.padEnd(33)}  ${String(list.length).padStart(4)}      ${list.join(', ')}`);
  }
  console.log(
    `New payment quote requests        ${String(quotes.requests).padStart(5)}      for ${quotes.settled} settled amounts typed key by key (target 1 each)`,
  );
  console.log(
    `⌘K search, query to results       ${search.shown.toFixed(0).padStart(5)} ms   median of ${search.queries} queries, with the palette's debounce`,
  );
  console.log(
    `⌘K search, GET /v1/search         ${search.request.toFixed(0).padStart(5)} ms   median of ${search.queries} requests (target < 100; bench:search measures it at 100,000 transfers)`,
  );
} finally {
  await browser.close();
  await stack.stop();
}
