import { Money } from '@payos/money';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345' };
async function accountId(name: string) {
  const body = (await (await fetch(`${apiUrl}/v1/accounts?search=${encodeURIComponent(name)}`, { headers: KEY })).json()) as {
    data: { id: string }[];
  };
  return body.data[0]?.id as string;
}
async function usdc(id: string) {
  const body = (await (await fetch(`${apiUrl}/v1/accounts/${id}/balances`, { headers: KEY })).json()) as {
    data: { balances: { currency: string; available: string }[] };
  };
  return body.data.balances.find((b) => b.currency === 'USDC')?.available ?? '0';
}
const figure = (text: string | null) => (text ?? '').replace(/[^\d.]/g, '');

describe('streams', () => {
  it('create a stream, watch it tick, withdraw, and see the receiver’s balance', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, webUrl, '/streams');
    await page.getByRole('link', { name: /Salary — Maria Garcia/ }).waitFor();
    const [techCorp, carlos] = [await accountId('TechCorp'), await accountId('Carlos')];
    const before = await usdc(carlos);

    await page.getByRole('button', { name: 'New stream' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New stream' });
    await dialog.getByLabel('From account').selectOption(techCorp);
    await dialog.getByLabel('To account').selectOption(carlos);
    await dialog.getByLabel('Per month (30 days), USDC').fill('25920.00'); // 0.01 USDC a second
    await expect.poll(() => dialog.getByTestId('stream-runway').textContent()).toMatch(/lasts 7 d 4 h/);
    await dialog.getByLabel('Description (optional)').fill('E2E per-second retainer');
    await dialog.getByRole('button', { name: 'Start stream' }).click();
    await page.getByRole('heading', { name: 'E2E per-second retainer' }).waitFor();

    // The figure ticks from the live feed, without reloading.
    const first = figure(await page.getByTestId('streamed').textContent());
    await expect.poll(async () => figure(await page.getByTestId('streamed').textContent()), { timeout: 10_000 }).not.toBe(first);
    await screenshot(page, 'stream-detail');

    await page.getByRole('button', { name: /^Withdraw/ }).click();
    await expect
      .poll(async () => new Money(figure(await page.getByTestId('figure-withdrawn').textContent())).gt(0), { timeout: 10_000 })
      .toBe(true);
    const withdrawn = figure(await page.getByTestId('figure-withdrawn').textContent());
    expect(await usdc(carlos)).toBe(new Money(before).plus(withdrawn).toFixed(6));

    await page.goto(`${webUrl}/accounts/${carlos}`);
    await expect
      .poll(async () => figure(await page.getByTestId('account-balance-USDC').textContent()))
      .toBe(new Money(before).plus(withdrawn).toFixed(2));
    await page.close();
  });
});
