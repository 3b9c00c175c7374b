import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(() => browser?.close());

describe('a partner on the dashboard', () => {
  it('is sent to login and back to where they were going', async () => {
    await page.goto(`${webUrl}/accounts?type=business`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/accounts?type=business');
    await page.getByLabel('Email').fill('demo@payos.dev');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('form [role=alert]').textContent()).toMatch(/invalid|incorrect|email or password/i);
    await page.getByLabel('Password').fill('demo-password-2025');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/accounts');
    expect(new URL(page.url()).searchParams.get('type')).toBe('business');
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    expect(await page.getByRole('link', { name: 'Maria Garcia' }).count()).toBe(0); // a person: filtered out on the server
  });

  it('sees balances, volume and recent transfers on the home page from one overview call (and the sidebar’s counts)', async () => {
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/')) apiCalls.push(new URL(r.url()).pathname);
    });
    await page.goto(`${webUrl}/`);
    await page.getByTestId('balance-USDC').waitFor();
    expect(await page.getByTestId('balance-USDC').textContent()).toMatch(/USDC/);
    await page.getByText('Recent transfers').waitFor();
    await screenshot(page, 'home');
    // Besides the session, the sidebar's counts (approvals waiting, reviews open) and the header's bell
    // (its list and its live feed), the page is one call.
    const sidebar = ['/v1/auth/me', '/v1/approvals', '/v1/reviews/stats', '/v1/notifications', '/v1/notifications/feed'];
    expect(apiCalls.filter((p) => p.startsWith('/v1/') && !sidebar.includes(p))).toEqual(['/v1/reports/overview']);
    page.removeAllListeners('request');
  });

  it('searches accounts on the server, opens one and loads its tabs on demand', async () => {
    await page.goto(`${webUrl}/accounts`);
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    await page.getByLabel('Search accounts by name or email').fill('maria');
    await page.waitForURL((url) => url.searchParams.get('search') === 'maria');
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + Maria
    await page.getByRole('link', { name: 'Maria Garcia' }).click();
    await page.getByRole('heading', { name: 'Maria Garcia' }).waitFor();
    const ledgerCalls: string[] = [];
    page.on('request', (r) => r.url().includes('/ledger-entries') && ledgerCalls.push(r.url()));
    await page.getByRole('tab', { name: 'Transfers' }).waitFor();
    expect(ledgerCalls).toHaveLength(0);
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await page.getByRole('columnheader', { name: 'Balance after' }).waitFor();
    expect(ledgerCalls).toHaveLength(1);
    await page.getByRole('tab', { name: 'Payment methods' }).click();
    await page.getByRole('columnheader', { name: 'Rail' }).waitFor();
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await page.getByRole('columnheader', { name: 'Balance after' }).waitFor();
    expect(ledgerCalls).toHaveLength(1); // cached: reopening the tab made no request
    page.removeAllListeners('request');
    await screenshot(page, 'account-detail');

    // Back to the search results: served from the cache, no request.
    const listCalls: string[] = [];
    page.on('request', (r) => new URL(r.url()).pathname === '/v1/accounts' && listCalls.push(r.url()));
    await page.goBack(); // ?tab=ledger → ?tab=payment-methods … history of this page
    while (!new URL(page.url()).pathname.endsWith('/accounts')) await page.goBack();
    await page.getByRole('link', { name: 'Maria Garcia' }).waitFor();
    expect(new URL(page.url()).searchParams.get('search')).toBe('maria');
    expect(listCalls).toHaveLength(0);
    page.removeAllListeners('request');
  });

  it('pays out through the New payment dialog with a live quote and watches it settle', async () => {
    await page.goto(`${webUrl}/transfers`);
    await page.getByRole('button', { name: 'New payment' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New payment' });
    const choose = async (label: string, text: string) => {
      const select = dialog.getByLabel(label, { exact: true });
      await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
      const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
      await select.selectOption(value ?? '');
    };
    await choose('From account', 'TechCorp Inc');
    await choose('To', 'Treasury wallet');
    await dialog.getByLabel('Currency', { exact: true }).selectOption('USDC');
    await dialog.getByLabel('Amount', { exact: true }).fill('100.00');
    await dialog.getByTestId('quote').waitFor();
    expect(await dialog.getByTestId('quote').textContent()).toMatch(/Total debited/);
    await screenshot(page, 'new-payment-quote');
    await dialog.getByRole('button', { name: 'Confirm payment' }).click();
    await dialog.getByTestId('payment-result').waitFor();
    await expect.poll(() => dialog.getByTestId('payment-result').textContent(), { timeout: 15_000 }).toMatch(/completed/);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('filters transfers in the URL and opens a transfer with its timeline', async () => {
    await page.goto(`${webUrl}/transfers?status=failed`);
    await page.getByRole('button', { name: /closed account/i }).click();
    const drawer = page.getByRole('dialog', { name: 'Transfer' });
    await drawer.getByText('Timeline').waitFor();
    expect(await drawer.textContent()).toMatch(/The receiving bank or wallet rejected the payment\./);
    expect(new URL(page.url()).searchParams.get('transfer')).toBeTruthy();
    await screenshot(page, 'transfer-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('transfer')).toBeNull();
  });

  it('works on a 375 px wide screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await login(phone, webUrl, '/accounts');
    await phone.getByRole('button', { name: 'Open menu' }).click();
    await phone.getByRole('link', { name: 'Transfers' }).click();
    await phone.waitForURL((url) => url.pathname === '/transfers');
    await phone.getByRole('columnheader', { name: 'Amount' }).waitFor();
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await screenshot(phone, 'mobile-transfers');
    await phone.close();
  });
});
