import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('schedules', () => {
  it('creates a schedule with a preview of its next runs, runs it now and opens the transfer it made', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, webUrl, '/schedules');
    await page.getByRole('button', { name: /Weekly payroll/ }).waitFor();

    await page.getByRole('button', { name: 'New schedule' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New schedule' });
    const choose = async (label: string, text: string) => {
      const select = dialog.getByLabel(label, { exact: true });
      await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
      await select.selectOption((await select.locator('option', { hasText: text }).first().getAttribute('value')) ?? '');
    };
    await choose('From account', 'TechCorp Inc');
    await choose('To', 'Juan Perez');
    await dialog.getByLabel('Amount', { exact: true }).fill('42.00');
    await dialog.getByLabel('Repeats').selectOption('monthly');
    await dialog.getByLabel('Description (optional)').fill('Tooling subscription');
    await expect.poll(() => dialog.getByTestId('schedule-preview').locator('li').count()).toBe(5);
    await screenshot(page, 'schedule-create');
    await dialog.getByRole('button', { name: 'Create schedule' }).click();

    const drawer = page.getByRole('dialog', { name: 'Scheduled transfer' });
    await drawer.getByTestId('upcoming-runs').waitFor();
    expect(await page.getByRole('dialog', { name: 'New schedule' }).count()).toBe(0);
    expect(await drawer.textContent()).toContain('Tooling subscription');
    await drawer.getByRole('button', { name: 'Run now' }).click();
    await drawer.getByTestId('executions').waitFor();
    // The worker may have run today's scheduled occurrence first: wait for the manual run's row itself.
    await expect.poll(() => drawer.getByTestId('executions').textContent()).toMatch(/run now.*succeeded/);
    await screenshot(page, 'schedule-run-now');
    await drawer.getByRole('button', { name: 'View transfer' }).first().click();
    const transfer = page.getByRole('dialog', { name: 'Transfer' });
    await transfer.getByText('Timeline').waitFor();
    expect(await transfer.textContent()).toMatch(/42\.00 USDC.*Tooling subscription/);
    await page.close();
  });
});
