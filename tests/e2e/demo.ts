import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { launch, login } from './browser.js';

/** The journeys' shared setup: the demo stack's URLs, one browser per file, the demo API key. */
export const webUrl = inject('webUrl');
export const apiUrl = inject('apiUrl');

/** Launches the browser before the file's tests and closes it after; call at the top of a test file. */
export function useBrowser(): () => Browser {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());
  return () => browser;
}

const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345', 'content-type': 'application/json' };

/** A demo account's id, by its exact name. */
export async function accountId(name: string) {
  const body = (await (await fetch(`${apiUrl}/v1/accounts?search=${encodeURIComponent(name)}`, { headers: KEY })).json()) as {
    data: { id: string; name: string }[];
  };
  return body.data.find((a) => a.name === name)?.id as string;
}

/** A POST with the demo key and a fresh Idempotency-Key. */
export const post = async (path: string, body: unknown) => {
  const res = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { ...KEY, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data: { id: string; status: string } } };
};

/** A POST with the demo key that must succeed: the object it made, or an error saying what the API answered. */
export async function created<T = { id: string }>(path: string, body: unknown): Promise<T> {
  const res = await post(path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

/**
 * A completed internal transfer of our own, TechCorp Inc → Maria Garcia in USDC, so a journey does not
 * depend on the seed's amounts or dates. Returns its id and the two accounts'.
 */
export async function internalTransfer(amount: string, description: string) {
  const [techCorp, maria] = [await accountId('TechCorp Inc'), await accountId('Maria Garcia')];
  const created = await post('/v1/transfers', {
    type: 'internal',
    fromAccountId: techCorp,
    toAccountId: maria,
    amount,
    currency: 'USDC',
    description,
  });
  expect(created.status).toBe(201);
  expect(created.body.data.status).toBe('completed');
  return { id: created.body.data.id, techCorp, maria };
}

/** A new page, logged in as the demo user, on /transfers. */
export async function transfersPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await login(page, webUrl, '/transfers');
  return page;
}

/** The completed internal transfers searched for `description`, and that transfer opened in its drawer. */
export async function openTransfer(page: Page, description: string): Promise<Locator> {
  await page.goto(`${webUrl}/transfers?type=internal&status=completed&search=${encodeURIComponent(description)}`);
  await page.getByRole('button', { name: description }).click();
  return page.getByRole('dialog', { name: 'Transfer', exact: true });
}
