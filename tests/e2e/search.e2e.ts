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

    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const queries = searchRequests(page);
    await login(page, webUrl, '/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    // Ctrl+K opens the palette with the search box focused.
    await page.keyboard.press('Control+k');
    await palette(page).waitFor();
    await expect.poll(() => combobox(page).evaluate((el) => el === document.activeElement)).toBe(true);

    // Typed key by key: one request for the settled query, not one per key.
    await page.keyboard.type(`quokka ${run}`, { delay: 40 });
    const option = palette(page).getByRole('option', { name: new RegExp(description) });
    await option.waitFor();
    expect(queries).toEqual([`quokka ${run}`]);
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await option.textContent()).toContain('123.45');
    expect(await combobox(page).getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await screenshot(page, 'search-palette');

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
    await page.close();
  });
});
