import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, useBrowser, webUrl } from './demo.js';

/**
 * The dashboard on a phone, 375 × 667 (#20 §9): the main journeys with nothing off-screen — list rows
 * as cards whose amount and status are in view, the filters behind one button, a transfer's drawer,
 * New payment with its Confirm reachable, an account's tabs scrolling on one line, a secret that fits.
 */
const VIEWPORT = { width: 375, height: 667 };
const browser = useBrowser();
let page: Page;

beforeAll(async () => {
  page = await browser().newPage({ viewport: VIEWPORT });
});

/** The page is no wider than the screen: nothing to scroll sideways to. */
const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');

/** `locator`'s box lies inside the screen (sideways, and downwards when `vertically`). */
async function expectOnScreen(locator: Locator, what: string, vertically = false) {
  const box = await locator.boundingBox();
  expect(box, `${what}: no box`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what} starts left of the screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends right of the screen`).toBeLessThanOrEqual(VIEWPORT.width);
  if (vertically) {
    expect(box.y, `${what} starts above the screen`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${what} ends below the screen`).toBeLessThanOrEqual(VIEWPORT.height);
  }
}

/** A dialog that fits the screen and has nothing wider than itself inside. */
async function expectFits(dialog: Locator, what: string) {
  await expectOnScreen(dialog, what, true);
  expect(await dialog.evaluate((el) => el.scrollWidth - el.clientWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(0);
}

/**
 * Every row of a transfers table shows its amount (4th cell) and status (5th) inside the screen.
 * The cell's content, not just the cell: a badge pushed out of a narrow cell would fail too.
 */
async function expectTransferRowsFit(rows: Locator) {
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    await expectOnScreen(row.locator('td').nth(3).locator(':scope > *').first(), `row ${i + 1}'s amount`);
    await expectOnScreen(row.locator('td').nth(4).locator(':scope > *').first(), `row ${i + 1}'s status`);
  }
}

describe('the dashboard at 375 × 667', () => {
  it('signs in and shows Home with its recent transfers as cards, nothing off to the side', async () => {
    await login(page, webUrl, '/');
    await page.getByTestId('balance-USDC').waitFor();
    await page.getByText('Recent transfers').waitFor();
    await page.locator('tbody tr').first().waitFor();
    await expectTransferRowsFit(page.locator('tbody tr'));
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
    await screenshot(page, 'mobile-home');
  });

  it('lists transfers as cards: each amount and status on screen, the table a table for screen readers', async () => {
    await page.goto(`${webUrl}/transfers`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    await expectTransferRowsFit(rows);
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
    // Still a table with its column headers (read by screen readers, not drawn).
    expect(await page.getByRole('columnheader', { name: 'Amount' }).count()).toBe(1);
    expect(await page.getByRole('row').count()).toBeGreaterThan(1);
    await screenshot(page, 'mobile-transfers-list');
  });

  it('keeps the filters behind one button that opens them, applies one, and counts it', async () => {
    // The rows come first: no filter control on the page itself.
    expect(await page.getByLabel('Status', { exact: true }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Filters', exact: true });
    await dialog.getByLabel('Status', { exact: true }).selectOption('completed');
    await page.waitForURL((url) => url.searchParams.get('status') === 'completed');
    await page.getByRole('dialog', { name: 'Filters (1)', exact: true }).waitFor();
    await expectFits(page.getByRole('dialog', { name: 'Filters (1)' }), 'the filters');
    await screenshot(page, 'mobile-filters');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Filters (1)', exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').first().locator('td').nth(4).textContent()).toMatch(/^completed$/i);
    await expectTransferRowsFit(page.locator('tbody tr'));
  });

  it('opens a transfer from its card in a drawer that fits', async () => {
    await page.locator('tbody tr').first().locator('td').first().getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await drawer.getByText('Completed').first().waitFor();
    await expectFits(drawer, 'the transfer drawer');
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
    await screenshot(page, 'mobile-transfer-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('fits New payment on the screen, its Confirm reached by scrolling inside the dialog', async () => {
    await page.getByRole('button', { name: 'New payment' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New payment' });
    const from = dialog.getByLabel('From account', { exact: true });
    await from.locator('option', { hasText: 'TechCorp Inc' }).first().waitFor({ state: 'attached' });
    await from.selectOption((await from.locator('option', { hasText: 'TechCorp Inc' }).first().getAttribute('value')) ?? '');
    await dialog.getByLabel('Amount', { exact: true }).waitFor();
    await expectFits(dialog, 'New payment');
    const confirm = dialog.getByRole('button', { name: 'Confirm payment' });
    await confirm.scrollIntoViewIfNeeded();
    await expectOnScreen(confirm, 'Confirm payment', true);
    await expectFits(dialog, 'New payment, scrolled');
    await screenshot(page, 'mobile-new-payment');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('scrolls an account’s tabs on one line, the active one in view, the arrow keys moving along', async () => {
    const techCorp = await accountId('TechCorp Inc');
    await page.goto(`${webUrl}/accounts/${techCorp}?tab=agents`);
    const tabs = page.getByRole('tab');
    await page.getByRole('tab', { name: 'Agents', selected: true }).waitFor();
    // One line: every tab at the same height; more of them than the screen is wide.
    const boxes = await Promise.all((await tabs.all()).map((t) => t.boundingBox()));
    expect(new Set(boxes.map((b) => b?.y)).size).toBe(1);
    expect(await page.getByRole('tablist').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // Opened on its last tab, the list was scrolled to show it.
    await expectOnScreen(page.getByRole('tab', { name: 'Agents' }), 'the active tab');
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
    await screenshot(page, 'mobile-account-tabs');
    await page.getByRole('tab', { name: 'Agents' }).focus();
    await page.keyboard.press('Home');
    await page.getByRole('tab', { name: 'Transfers', selected: true }).waitFor();
    await expectOnScreen(page.getByRole('tab', { name: 'Transfers' }), 'the first tab');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Ledger', selected: true }).waitFor();
    await page.getByRole('columnheader', { name: 'Balance after' }).waitFor({ state: 'attached' });
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
  });

  it('shows a new API key whole, wrapped inside its dialog', async () => {
    await page.goto(`${webUrl}/api-keys`);
    await page.getByRole('button', { name: 'Create key' }).first().click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name', { exact: true }).fill('Mobile e2e key');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('secret');
    await secret.waitFor();
    expect((await secret.textContent())?.trim()).toMatch(/^pk_/);
    await expectOnScreen(secret, 'the key');
    await expectFits(page.getByRole('dialog'), 'the key dialog');
    expect(await pageWidth()).toBeLessThanOrEqual(VIEWPORT.width);
    await screenshot(page, 'mobile-api-key');
    await page.getByRole('button', { name: 'I have stored it' }).click();
  });

  it('shows a new agent’s token whole, wrapped inside its dialog', async () => {
    await page.goto(`${webUrl}/agents`);
    await page.getByRole('button', { name: 'New agent' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New agent' });
    await dialog.getByLabel('Business account').selectOption(await accountId('TechCorp Inc'));
    await dialog.getByLabel('Name').fill('Mobile e2e agent');
    await dialog.getByLabel('Per day').fill('50.00');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    const token = page.getByTestId('secret');
    await token.waitFor();
    expect((await token.textContent())?.trim()).toMatch(/^agent_/);
    await expectOnScreen(token, 'the token');
    await expectFits(page.getByRole('dialog'), 'the token dialog');
    await screenshot(page, 'mobile-agent-token');
  });

  it('has no list page wider than the screen', async () => {
    const wide: string[] = [];
    for (const path of [
      '/accounts',
      '/schedules',
      '/streams',
      '/refunds',
      '/disputes',
      '/reviews',
      '/agents',
      '/api-keys',
      '/webhooks',
      '/events',
      '/team',
    ]) {
      await page.goto(`${webUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
      await expect.poll(() => page.locator('.animate-pulse').count(), { timeout: 15_000 }).toBe(0);
      const width = await pageWidth();
      if (width > VIEWPORT.width) wide.push(`${path}: ${width} px`);
      await screenshot(page, `mobile${path.replaceAll('/', '-')}`);
    }
    expect(wide).toEqual([]);
  });
});
