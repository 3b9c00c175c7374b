import { Money } from '@payos/money';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';
import { created, webUrl } from './demo.js';

// #20 §2: one money format — the currency's display decimals everywhere, grouped, the exact figure on
// hover and copy, balance parts adding up to the total, a monthly rate shown as entered.
let browser: Browser;
let page: Page;

/** "1,234.56" → "1234.56"; the figure of a shown amount, as the API would write it. */
const figure = (text: string | null) => (text ?? '').replace(/[^\d.]/g, '');
const SHOWN = /^−?\d{1,3}(,\d{3})*\.\d{2}( [A-Z]{3,4})?$/;

let payer: string;
let payee: string;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  payer = (await created('/v1/accounts', { type: 'business', name: 'Decimals Payer SA' })).id;
  payee = (await created('/v1/accounts', { type: 'business', name: 'Decimals Payee SA' })).id;
  await created(`/v1/accounts/${payer}/verify`, { tier: 2 });
  await created('/v1/deposits', { accountId: payer, amount: '5000.005', currency: 'USDC' });
  await created('/v1/transfers', { type: 'internal', fromAccountId: payer, toAccountId: payee, amount: '12.345678', currency: 'USDC' });
  await created('/v1/streams', {
    senderAccountId: payer,
    receiverAccountId: payee,
    currency: 'USDC',
    ratePerMonth: '2000.00',
    description: 'Decimals stream',
  });
  await login(page, webUrl, '/');
});
afterAll(() => browser?.close());

describe('one money format', () => {
  it('shows each balance card’s parts adding up to its total, the currency once', async () => {
    await page.goto(`${webUrl}/`);
    const card = page.getByTestId('balance-USDC');
    await card.waitFor();
    const total = ((await card.locator('p').first().textContent()) ?? '').trim();
    expect(total).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    const parts = await page.getByTestId('balance-USDC-parts').locator('.tabular').allTextContents();
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(parts.reduce((sum, p) => sum.plus(figure(p)), new Money(0)).toFixed(2)).toBe(figure(total));
    // The card is titled USDC; the figures do not say it again on screen.
    expect((await card.textContent())?.match(/USDC/g)).toHaveLength(1);
  });

  it('shows an account’s available, pending and in-streams parts that add up to its total', async () => {
    await page.goto(`${webUrl}/accounts/${payer}`);
    const available = page.getByTestId('account-balance-USDC');
    await available.waitFor();
    // 5,000.005 − 12.345678 − the stream's funding; its exact value is on hover.
    expect(await available.getAttribute('title')).toMatch(/^\d{1,3}(,\d{3})*\.\d{3,6} USDC$/);
    const parts = await available.locator('xpath=..').locator('.tabular').allTextContents();
    // headline (available) + pending + in streams + total
    const [shownAvailable, pending, inStreams, total] = parts.map(figure);
    expect(
      new Money(shownAvailable as string)
        .plus(pending as string)
        .plus(inStreams as string)
        .toFixed(2),
    ).toBe(total);
    expect(new Money(inStreams as string).gt(0)).toBe(true);
    await screenshot(page, 'money-account-balances');
  });

  it('shows every amount in the transfers table to 2 decimals, exact on hover and on copy', async () => {
    await page.goto(`${webUrl}/transfers?minAmount=12.345678&maxAmount=12.345678`);
    const cell = page.locator('[data-exact="12.345678"]').first();
    await cell.waitFor();
    expect(await cell.textContent()).toBe('12.35 USDC');
    expect(await cell.getAttribute('title')).toBe('12.345678 USDC');
    const shown = await page.locator('td [data-exact]').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text).toMatch(SHOWN);
    // Select the figure and copy it, as a person would; the page's copy handler puts the exact value on the clipboard.
    const copied = await page.evaluate(`(() => {
      const element = document.querySelector('[data-exact="12.345678"]');
      window.getSelection().selectAllChildren(element);
      const data = new DataTransfer();
      element.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
      return data.getData('text/plain');
    })()`);
    expect(copied).toBe('12.345678');
  });

  it('shows a rate entered per month as it was entered', async () => {
    await page.goto(`${webUrl}/streams`);
    const row = page.getByRole('row', { name: /Decimals stream/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('2,000.00 USDC');
    expect(await row.textContent()).not.toContain('1,999.99');
  });
});
