import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
  await browser?.close();
});

describe('an admin setting the organization’s policies', () => {
  it('changes the refund window, the retry schedule and the time zone, and finds them after a reload', async () => {
    await login(page, webUrl, '/settings');
    const policies = page.getByRole('form', { name: 'Policies' });
    await policies.getByLabel('Refund window (days)').fill('30');
    await policies.getByLabel('Hours before each retry').fill('6, 12');
    await policies.getByLabel('Time zone').fill('America/Mexico_City');
    await policies.getByRole('button', { name: 'Save policies' }).click();
    await page.getByText('Policies saved.').waitFor();

    // A value the API refuses is shown, and nothing is saved.
    await policies.getByLabel('Locale').fill('not a locale');
    await policies.getByRole('button', { name: 'Save policies' }).click();
    await expect.poll(async () => (await policies.getByRole('alert').textContent()) ?? '').toContain('locale');

    await page.reload();
    const reloaded = page.getByRole('form', { name: 'Policies' });
    await expect.poll(() => reloaded.getByLabel('Refund window (days)').inputValue()).toBe('30');
    expect(await reloaded.getByLabel('Hours before each retry').inputValue()).toBe('6, 12');
    expect(await reloaded.getByLabel('Time zone').inputValue()).toBe('America/Mexico_City');
    expect(await reloaded.getByLabel('Locale').inputValue()).toBe('en-US');
    await screenshot(page, 'settings-policies');
  });
});
