import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { apiUrl, useBrowser, webUrl } from './demo.js';

// #20 §4 and §5: risky actions ask first (Cancel focused, the refusal inside the dialog), switching to
// Live asks and then shows Live on every page, unknown ids and URLs say so with a way back.
const browser = useBrowser();
const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345', 'content-type': 'application/json' };

/** A new business account of our own (test), so suspending it leaves the demo's accounts alone. */
async function newAccount(name: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/accounts`, {
    method: 'POST',
    headers: { ...KEY, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ type: 'business', name }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

async function account(id: string) {
  const res = await fetch(`${apiUrl}/v1/accounts/${id}`, { headers: KEY });
  return ((await res.json()) as { data: { status: string; verificationStatus: string } }).data;
}

async function newPage(path: string): Promise<Page> {
  const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
  await login(page, webUrl, path);
  return page;
}

const focusedText = (page: Page) => page.evaluate<string>("document.activeElement?.textContent ?? ''");

describe('confirmations and not-found states', () => {
  it('suspending an account asks first: Enter and Cancel do nothing, confirming suspends it', async () => {
    const name = `E2E Suspend ${Date.now()}`;
    const id = await newAccount(name);
    const page = await newPage(`/accounts/${id}`);
    await page.getByRole('heading', { name }).waitFor();

    const confirm = page.getByRole('alertdialog', { name: `Suspend ${name}?`, exact: true });
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('can still receive money but can no longer send it');
    // Cancel has the focus: Enter pressed out of habit cancels.
    expect(await focusedText(page)).toBe('Cancel');
    await screenshot(page, 'confirm-suspend');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect((await account(id)).verificationStatus).not.toBe('suspended');

    // Cancel does nothing either.
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await account(id)).verificationStatus).not.toBe('suspended');
    expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);

    // Confirming suspends it, says so (spelt right) and closes.
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await confirm.getByRole('button', { name: 'Suspend account' }).click();
    await page.getByText('Account suspended.', { exact: true }).waitFor();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    expect((await account(id)).verificationStatus).toBe('suspended');
    await page.close();
  });

  it('a refused action shows the API’s error inside its dialog, which stays open', async () => {
    const name = `E2E Closed ${Date.now()}`;
    const id = await newAccount(name);
    const page = await newPage(`/accounts/${id}`);
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: `Suspend ${name}?`, exact: true });
    await confirm.waitFor();
    // Meanwhile someone closes the account (it holds nothing): suspending it is refused.
    const closed = await fetch(`${apiUrl}/v1/accounts/${id}`, { method: 'DELETE', headers: { authorization: KEY.authorization } });
    expect(closed.status).toBe(200);
    await confirm.getByRole('button', { name: 'Suspend account' }).click();
    const error = confirm.getByTestId('confirm-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/closed/);
    expect(await confirm.isVisible()).toBe(true);
    await screenshot(page, 'confirm-error');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await account(id)).status).toBe('closed');
    await page.close();
  });

  it('switching to Live asks first; once confirmed the header turns Live and a banner says so on every page', async () => {
    const page = await newPage('/accounts');
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    const header = page.locator('header[data-environment]');
    const banner = page.getByTestId('live-banner');
    const confirm = page.getByRole('alertdialog', { name: 'Switch to Live mode?', exact: true });

    await page.getByText('live', { exact: true }).click();
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/real money.*live API keys/);
    expect(await focusedText(page)).toBe('Cancel');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await header.getAttribute('data-environment')).toBe('test');
    expect(await banner.count()).toBe(0);
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();

    await page.getByText('live', { exact: true }).click();
    await confirm.getByRole('button', { name: 'Switch to Live' }).click();
    await banner.waitFor();
    expect(await banner.textContent()).toContain('You are in Live mode — real money');
    expect(await header.getAttribute('data-environment')).toBe('live');
    await page.getByText('No accounts yet').waitFor();
    await screenshot(page, 'live-mode');
    // On every page, after a reload too (the choice is kept).
    for (const path of ['/transfers', '/api-keys', '/settings']) {
      await page.goto(`${webUrl}${path}`);
      await banner.waitFor();
    }
    // Back to Test asks nothing; the banner goes.
    await page.getByText('test', { exact: true }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await header.getAttribute('data-environment')).toBe('test');
    await page.close();
  });

  it('an unknown account id says “No such account” with a link back to the list', async () => {
    const page = await newPage('/accounts');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await page.goto(`${webUrl}/accounts/${id}`);
      await page.getByRole('heading', { name: 'No such account' }).waitFor();
      expect(await page.getByText('Something went wrong').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    }
    await screenshot(page, 'account-not-found');
    await page.getByRole('link', { name: 'Back to accounts' }).click();
    await page.waitForURL((url) => url.pathname === '/accounts');
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    await page.close();
  });

  it('an unknown URL shows the branded 404 with a way back', async () => {
    const page = await newPage('/');
    const response = await page.goto(`${webUrl}/no-such-page/at-all`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await page.getByText('PayOS').first().isVisible()).toBe(true);
    await screenshot(page, 'not-found');
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.close();
  });
});
