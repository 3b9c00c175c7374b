import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';
import { created, webUrl } from './demo.js';

// #20 §4: refusals in plain words, inside the dialog that caused them, with the way forward.
let browser: Browser;
let page: Page;

let sender: string;
let receiver: string;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  sender = (await created('/v1/accounts', { type: 'business', name: 'Plain Words Sender SA' })).id;
  receiver = (await created('/v1/accounts', { type: 'business', name: 'Plain Words Receiver SA' })).id;
  await created(`/v1/accounts/${sender}/verify`, { tier: 1 });
  await created('/v1/deposits', { accountId: sender, amount: '200000.00', currency: 'MXN' });
  await created('/v1/deposits', { accountId: receiver, amount: '1.00', currency: 'MXN' });
  await login(page, webUrl, `/accounts/${sender}`);
});
afterAll(() => browser?.close());

describe('refusals in plain words', () => {
  it('says a payment method field’s problem under the field, without its path', async () => {
    await page.getByRole('button', { name: 'Add payment method' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add payment method' });
    await dialog.getByLabel('CLABE (18 digits)').fill('032180000118359718'); // the last digit is wrong
    await dialog.getByLabel('Holder name').fill('Plain Words Sender SA');
    await dialog.getByRole('button', { name: 'Add payment method' }).click();
    await dialog.getByText('Check digit does not match.').waitFor();
    expect(await dialog.textContent()).not.toContain('details.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('refuses a payment over the account’s limit with its figures and the way to raise it', async () => {
    await page.goto(`${webUrl}/transfers?new=1`);
    const dialog = page.getByRole('dialog', { name: 'New payment' });
    await dialog.getByLabel('From account', { exact: true }).locator(`option[value="${sender}"]`).waitFor({ state: 'attached' });
    await dialog.getByLabel('From account', { exact: true }).selectOption(sender);
    await dialog.getByLabel('To', { exact: true }).selectOption(`account:${receiver}`);
    // 100,000 MXN is about 5,831 USD: over tier 1's 5,000 USD a payment. The dashboard cannot tell
    // without the rate, so the API refuses, and the dialog says it in words.
    await dialog.getByLabel('Amount', { exact: true }).fill('100,000.00');
    await dialog.getByRole('button', { name: 'Confirm payment' }).click();
    const refusal = dialog.getByTestId('payment-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(
      /^This account may send at most 5,000\.00 USD in a payment; this payment is 5,8\d\d\.\d\d USD\. Verify this account to raise its limit to 50,000\.00 USD$/,
    );
    expect(await refusal.getByRole('link').getAttribute('href')).toBe(`/accounts/${sender}`);
    await screenshot(page, 'plain-errors-limit');
  });
});
