import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, created, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();

/** A USDC payout from TechCorp Inc to a wallet the simulated rail rejects (its address ends in 0000): the settlement worker fails it. */
async function failedPayout(amount: string) {
  const techCorp = await accountId('TechCorp Inc');
  const address = `0x${crypto.randomUUID().replaceAll('-', '').slice(0, 32)}abcd0000`;
  const wallet = await created(`/v1/accounts/${techCorp}/payment-methods`, {
    type: 'wallet',
    rail: 'usdc',
    details: { address, network: 'base' },
    label: 'Rejecting wallet',
  });
  return created('/v1/transfers', { type: 'payout', fromAccountId: techCorp, paymentMethodId: wallet.id, amount, currency: 'USDC' });
}

const bell = (page: Page) => page.getByTestId('notification-bell');
const bellLabel = (page: Page) => bell(page).getAttribute('aria-label');
const panel = (page: Page) => page.getByRole('dialog', { name: 'Notifications' });

describe('the notification bell', () => {
  it('a failed payout shows on the bell live; opening it follows the link and reads it; Mark all as read clears the count', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, webUrl, '/');
    await bell(page).waitFor();

    // Start from a clear bell (the seed and other journeys may have left some).
    await bell(page).click();
    await panel(page).waitFor();
    // The button is off while the list loads, so wait for the list before asking whether it is on.
    await expect.poll(() => panel(page).getByText('Loading…').count(), { timeout: 15_000 }).toBe(0);
    const markAll = panel(page).getByRole('button', { name: 'Mark all as read' });
    if (await markAll.isEnabled()) await markAll.click();
    await expect.poll(() => bellLabel(page), { timeout: 15_000 }).toBe('Notifications');
    await page.keyboard.press('Escape');

    // Caused through the API: the bell counts it without a reload (the live feed). The demo's own
    // workers (stream health, settlements) may add theirs meanwhile, so the count is read as "some".
    const amount = `1.${String((Date.now() % 89) + 10)}`;
    const first = await failedPayout(amount);
    await expect.poll(() => bellLabel(page), { timeout: 30_000 }).toMatch(/^Notifications, \d+ unread$/);
    await bell(page).click();
    const item = panel(page).getByRole('link', { name: new RegExp(`Payout failed.*${amount.replace('.', '\\.')}0* USDC`) });
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    expect(await item.textContent()).toContain('(unread)');
    await screenshot(page, 'notifications-panel');
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.classList.toggle('dark', ${theme === 'dark'})`);
      const { violations } = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await page.evaluate("document.documentElement.classList.remove('dark')");

    // Keyboard: the item is a link; Enter follows it to the transfer and marks it read.
    await item.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('transfer') === first.id);
    await page.keyboard.press('Escape');
    await bell(page).click();
    await expect.poll(async () => item.textContent(), { timeout: 15_000 }).not.toContain('(unread)');

    // Mark all as read clears the count. A second failure makes sure there is something unread (the
    // first one was read by opening it; the button is off while nothing is unread).
    await page.keyboard.press('Escape');
    await failedPayout(amount);
    await expect.poll(() => bellLabel(page), { timeout: 30_000 }).toMatch(/^Notifications, \d+ unread$/);
    await bell(page).click();
    await panel(page).getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => bellLabel(page), { timeout: 15_000 }).toBe('Notifications');
    expect(await bell(page).textContent()).not.toMatch(/\d/);
    await context.close();
  });
});
