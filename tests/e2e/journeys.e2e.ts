import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO, launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return page;
}

async function createAccount(page: Page, name: string) {
  await page.goto(`${webUrl}/accounts?new=1`);
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name }).waitFor();
  return new URL(page.url()).pathname.split('/').pop() as string;
}

describe('journeys', () => {
  it('(a) sign up → two accounts → verify → deposit → internal transfer → both balances on screen', async () => {
    const page = await newPage();
    await page.goto(`${webUrl}/signup`);
    await page.getByLabel('Organization name').fill('Journey Payouts');
    await page.getByLabel('Your name').fill('Jo Journey');
    await page.getByLabel('Work email').fill(`jo+${Date.now()}@journey.example`);
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('No balances yet').waitFor();

    const alpha = await createAccount(page, 'Alpha Co');
    await page.getByLabel('Verification tier').selectOption('1');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('verified · tier 1').waitFor();
    await page.getByRole('button', { name: 'Deposit' }).click();
    const deposit = page.getByRole('dialog', { name: 'Deposit (test)' });
    await deposit.getByLabel('Amount').fill('1000.00');
    await deposit.getByRole('button', { name: 'Deposit' }).click();
    await expect.poll(() => page.getByTestId('account-balance-USDC').textContent()).toMatch(/1,000\.00/);

    const beta = await createAccount(page, 'Beta Co');
    await page.goto(`${webUrl}/transfers?new=1`);
    const dialog = page.getByRole('dialog', { name: 'New payment' });
    await dialog.getByLabel('From account', { exact: true }).selectOption(alpha);
    await dialog.getByLabel('To', { exact: true }).selectOption(`account:${beta}`);
    await dialog.getByLabel('Amount', { exact: true }).fill('250.00');
    await dialog.getByText('Internal transfer: no fee').waitFor();
    await dialog.getByRole('button', { name: 'Confirm payment' }).click();
    await expect.poll(() => dialog.getByTestId('payment-result').textContent()).toMatch(/completed/);
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.goto(`${webUrl}/accounts/${alpha}`);
    await expect.poll(() => page.getByTestId('account-balance-USDC').textContent()).toMatch(/^750\.00/);
    await page.goto(`${webUrl}/accounts/${beta}`);
    await expect.poll(() => page.getByTestId('account-balance-USDC').textContent()).toMatch(/^250\.00/);
    await screenshot(page, 'journey-a-balances');
    await page.context().close();
  });

  it('(c) an invited viewer sees the data but no write actions', async () => {
    const owner = await newPage();
    await login(owner, webUrl, '/team');
    await owner.getByRole('button', { name: 'Invite member' }).click();
    const invite = owner.getByRole('dialog', { name: 'Invite a member' });
    const email = `viewer+${Date.now()}@payos.dev`;
    await invite.getByLabel('Email').fill(email);
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Create invite' }).click();
    const link = (await owner.getByTestId('secret').textContent()) ?? '';
    expect(link).toContain('/accept-invite?token=');
    await owner.context().close();

    const viewer = await newPage();
    await viewer.goto(link);
    await viewer.getByLabel('Your name').fill('Vera Viewer');
    await viewer.getByLabel('Password').fill('a-long-enough-password');
    await viewer.getByRole('button', { name: 'Accept invite' }).click();
    await viewer.getByTestId('balance-USDC').waitFor();
    await viewer.goto(`${webUrl}/accounts`);
    await viewer.getByRole('link', { name: 'TechCorp Inc' }).click();
    await viewer.getByRole('heading', { name: 'TechCorp Inc' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Deposit' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Suspend' }).count()).toBe(0);
    await viewer.goto(`${webUrl}/transfers`);
    await viewer.getByRole('columnheader', { name: 'Amount' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'New payment' }).count()).toBe(0);
    // Typing the dialog's URL does not get around it either.
    await viewer.goto(`${webUrl}/transfers?new=1`);
    await viewer.getByRole('columnheader', { name: 'Amount' }).waitFor();
    expect(await viewer.getByRole('dialog').count()).toBe(0);
    await screenshot(viewer, 'journey-c-viewer');

    // Logging out ends the session for good: the refresh cookie is gone.
    await viewer.getByRole('button', { name: 'User menu' }).click();
    await viewer.getByRole('menuitem', { name: 'Log out' }).click();
    await viewer.waitForURL((url) => url.pathname === '/login');
    await viewer.goto(`${webUrl}/accounts`);
    await viewer.waitForURL((url) => url.pathname === '/login');
    await viewer.context().close();
  });

  it('(d) the environment switch hides test data in live', async () => {
    const page = await newPage();
    await login(page, webUrl, '/accounts');
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    await page.getByText('live', { exact: true }).click();
    await page.getByRole('alertdialog', { name: 'Switch to Live mode?' }).getByRole('button', { name: 'Switch to Live' }).click();
    await page.getByText('No accounts yet').waitFor();
    expect(await page.getByRole('link', { name: 'TechCorp Inc' }).count()).toBe(0);
    await screenshot(page, 'journey-d-live');
    await page.getByText('test', { exact: true }).click();
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    await page.context().close();
    expect(DEMO.email).toBe('demo@payos.dev');
  });
});
