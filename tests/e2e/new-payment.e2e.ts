import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

// #20 §3: New payment done right — one quote request per settled input, a countdown that counts, a
// re-quote on expiry, the available balance next to the amount, Confirm off with its reason, and amounts
// typed the way people type them ("150,50", "10,000.00").
const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let dialog: Locator;
const quoteBodies: { amount: string }[] = [];

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/quotes') quoteBodies.push(JSON.parse(r.postData() ?? '{}'));
  });
  // The page's clock runs as usual, and can be moved forward past a quote's expiry.
  await page.clock.install();
  await login(page, webUrl, '/transfers');
});
afterAll(() => browser?.close());

const countdown = () => dialog.getByTestId('quote').locator('[aria-live]').textContent();

async function choose(label: string, text: string) {
  const select = dialog.getByLabel(label, { exact: true });
  await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}

describe('New payment', () => {
  it('asks for one quote per settled amount, typed with a decimal comma, and counts it down', async () => {
    await page.getByRole('button', { name: 'New payment' }).first().click();
    dialog = page.getByRole('dialog', { name: 'New payment' });
    await choose('From account', 'TechCorp Inc');
    expect(await dialog.getByTestId('confirm-blocker').textContent()).toBe('Choose who receives the payment.');
    await choose('To', 'Treasury wallet');
    await dialog.getByLabel('Currency', { exact: true }).selectOption('USDC');
    expect(await dialog.getByText(/^Available: [\d,]+\.\d{2,6} USDC$/).count()).toBe(1);
    // The account's room under its limits, from GET /v1/accounts/{id}/limits.
    await expect
      .poll(() => dialog.getByTestId('limits-left').textContent())
      .toMatch(/^Limits left: [\d,]+\.\d\d USD today · [\d,]+\.\d\d USD in 30 days · at most [\d,]+\.\d\d USD a payment/);
    await dialog.getByLabel('Amount', { exact: true }).pressSequentially('150,50', { delay: 40 });
    await dialog.getByTestId('quote').waitFor();
    const first = await countdown();
    expect(first).toMatch(/^Quote valid for [45]:\d\d$/);
    // It counts: two ticks later it reads less, and the quote was asked for once, for 150.50.
    await expect.poll(countdown, { timeout: 10_000 }).not.toBe(first);
    const second = await countdown();
    await expect.poll(countdown, { timeout: 10_000 }).not.toBe(second);
    expect(quoteBodies.map((b) => b.amount)).toEqual(['150.50']);
    expect(await dialog.getByRole('button', { name: 'Confirm payment' }).isEnabled()).toBe(true);
    await screenshot(page, 'new-payment-countdown');
  });

  it('asks again, once, when the quote expires', async () => {
    await page.clock.fastForward('05:01');
    await expect.poll(() => quoteBodies.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(countdown, { timeout: 10_000 }).toMatch(/^Quote valid for 4:[45]\d$/);
    expect(quoteBodies.length).toBe(2);
  });

  it('reads 10,000.00 as an amount and says why Confirm is off when it is more than the balance', async () => {
    const amount = dialog.getByLabel('Amount', { exact: true });
    await amount.fill('10,000.00');
    await expect.poll(() => quoteBodies.at(-1)?.amount, { timeout: 10_000 }).toBe('10000.00');
    const asked = quoteBodies.length;
    await amount.fill('999,999,999.00');
    await expect
      .poll(() => dialog.getByTestId('confirm-blocker').textContent(), { timeout: 10_000 })
      .toMatch(/^The amount is more than the available [\d,]+\.\d{2,6} USDC\.$/);
    expect(await dialog.getByRole('button', { name: 'Confirm payment' }).isDisabled()).toBe(true);
    expect(quoteBodies.length).toBe(asked); // no quote for what the balance cannot cover
    await amount.fill('12..5');
    await expect.poll(() => dialog.getByText('“12..5” is not an amount PayOS can send. Type it like 250.00 or 1,250.50.').count()).toBe(1);
    expect(await dialog.getByTestId('confirm-blocker').textContent()).toBe('Enter an amount.');
    await amount.fill('1.1234567');
    await expect.poll(() => dialog.getByText('USDC amounts have at most 6 decimals.').count()).toBe(1);
    await screenshot(page, 'new-payment-blocked');
  });
});
