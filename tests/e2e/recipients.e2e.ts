import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, apiUrl, created, transfersPage, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();
const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345' };

/** A payout of Maria Garcia's to her SPEI account labelled "BBVA México" (CLABE ending 9719). */
async function payoutToBbva(description: string) {
  const maria = await accountId('Maria Garcia');
  const methods = (await (await fetch(`${apiUrl}/v1/accounts/${maria}/payment-methods`, { headers: KEY })).json()) as {
    data: { id: string; label: string | null }[];
  };
  const bbva = methods.data.find((m) => m.label === 'BBVA México')?.id as string;
  expect(bbva).toBeTruthy();
  await created('/v1/transfers', {
    type: 'payout',
    fromAccountId: maria,
    paymentMethodId: bbva,
    amount: '12.34',
    currency: 'USDC',
    description,
  });
}

describe('recipients and countries (#20 §11)', () => {
  it('the transfers list and drawer name a payout’s recipient by holder, bank and last four', async () => {
    const description = `E2E recipient journey ${Date.now()}`;
    await payoutToBbva(description);
    const page = await transfersPage(browser());
    await page.goto(`${webUrl}/transfers?search=${encodeURIComponent(description)}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: description }) });
    await expect.poll(() => row.getByTestId('transfer-recipient').textContent()).toBe('Maria GarciaBBVA México ••••9719');
    expect(await page.getByRole('columnheader', { name: 'To' }).count()).toBe(1);
    expect(await page.getByText('032180000118359719').count()).toBe(0);

    await row.getByRole('button', { name: description }).click();
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await expect.poll(() => drawer.getByTestId('transfer-to').textContent()).toBe('Maria GarciaBBVA México ••••9719');
    expect(await drawer.getByTestId('transfer-from').textContent()).toBe('Maria Garcia');
    expect(await drawer.getByText('Payment method', { exact: true }).count()).toBe(0);
    await screenshot(page, 'transfer-recipient');
    await page.close();
  });

  it('the CSV export has the sender’s and the recipient’s names next to their ids', async () => {
    const description = `E2E recipient csv ${Date.now()}`;
    await payoutToBbva(description);
    const page = await transfersPage(browser());
    await page.goto(`${webUrl}/transfers?search=${encodeURIComponent(description)}`);
    await page.getByRole('button', { name: description }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toEqual(expect.arrayContaining(['fromAccountName', 'recipientName', 'recipientDetail']));
    expect(lines).toHaveLength(1);
    const cells = (lines[0] as string).slice(1, -1).split('","');
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(cell('description')).toBe(description);
    expect(cell('fromAccountName')).toBe('Maria Garcia');
    expect(cell('recipientName')).toBe('Maria Garcia');
    expect(cell('recipientDetail')).toBe('BBVA México ••••9719');
    expect(csv).not.toContain('032180000118359719');
    await page.close();
  });

  it('a new account’s country is picked by name from the ISO list, typed or chosen, and shows as Mexico (MX)', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, webUrl, '/accounts');
    await page.getByRole('button', { name: 'New account' }).click();
    const dialog = page.getByRole('dialog', { name: 'New account' });
    const name = `E2E Country ${Date.now()}`;
    await dialog.getByLabel('Name').fill(name);
    const country = dialog.getByLabel('Country (optional)');
    // No free text: a list of named countries, and typing a name's first letters picks it.
    expect(await country.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await country.locator('option').count()).toBe(250); // "No country" + 249 assigned codes
    await country.focus();
    await page.keyboard.type('Mexi');
    await expect.poll(() => country.inputValue()).toBe('MX');
    await country.selectOption({ label: 'Montenegro' });
    expect(await country.inputValue()).toBe('ME');
    await country.selectOption({ label: 'Mexico' });
    await screenshot(page, 'new-account-country');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.getByTestId('account-country').textContent()).toBe('Mexico (MX)');
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    const account = (await (await fetch(`${apiUrl}/v1/accounts/${id}`, { headers: KEY })).json()) as { data: { country: string } };
    expect(account.data.country).toBe('MX');
    await page.goto(`${webUrl}/accounts?search=${encodeURIComponent(name)}`);
    const listed = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await expect.poll(() => listed.getByTitle('MX').textContent()).toBe('Mexico');
    await page.close();
  });
});
