import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, internalTransfer, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();

/** Every GET /v1/search the page sends, with its query. */
function searchRequests(page: Page) {
  const queries: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/v1/search') queries.push(url.searchParams.get('q') ?? '');
  });
  return queries;
}

const palette = (page: Page) => page.getByRole('dialog', { name: 'Search' });
const combobox = (page: Page) => palette(page).getByRole('combobox');

describe('⌘K search', () => {
  it('Ctrl+K, part of a transfer’s description, Enter: the transfer opens; an account by part of its name; Escape closes', async () => {
    const run = Date.now();
    const description = `Palette quokka ${run}`;
    const { id: transferId } = await internalTransfer('123.45', description);
    const maria = await accountId('Maria Garcia');

    // A context of its own: axe-core scans pages of an explicit context.
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const queries = searchRequests(page);
    await login(page, webUrl, '/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // Ctrl+K opens the palette with the search box focused.
    await page.keyboard.press('Control+k');
    await palette(page).waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).toBe('combobox');

    // Typed key by key: one request for the settled query, not one per key.
    await page.keyboard.type(`quokka ${run}`, { delay: 40 });
    const option = palette(page).getByRole('option', { name: new RegExp(description) });
    await option.waitFor();
    expect(queries).toEqual([`quokka ${run}`]);
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await option.textContent()).toContain('123.45');
    expect(await combobox(page).getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await screenshot(page, 'search-palette');
    // The open palette with its results: no serious or critical accessibility violation, light and dark.
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(`document.documentElement.classList.toggle('dark', ${theme === 'dark'})`);
      const { violations } = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await page.evaluate("document.documentElement.classList.remove('dark')");

    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('transfer') === transferId);
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await drawer.getByText(description).first().waitFor();
    expect(await palette(page).count()).toBe(0);
    await page.keyboard.press('Escape'); // closes the drawer

    // The header's Search button opens it too; an account by the start of its words.
    await page.getByRole('button', { name: /^Search/ }).click();
    await palette(page).waitFor();
    await combobox(page).fill('maria garc');
    const account = palette(page)
      .getByRole('group', { name: 'Accounts' })
      .getByRole('option', { name: /Maria Garcia/ });
    await account.waitFor();
    // Arrow keys move through the results and wrap; Enter opens the one selected.
    const options = palette(page).getByRole('option');
    const count = await options.count();
    await page.keyboard.press('ArrowDown');
    if (count > 1) expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    expect(await options.first().textContent()).toContain('Maria Garcia');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/accounts/${maria}`);
    await page.getByRole('heading', { name: 'Maria Garcia' }).waitFor();

    // Escape closes; what is typed past is not searched; nothing found says so.
    await page.keyboard.press('Control+k');
    await combobox(page).fill('zzqxv nothing');
    await palette(page).getByText('No results for “zzqxv nothing”.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => palette(page).count()).toBe(0);
    await context.close();
  });
});
