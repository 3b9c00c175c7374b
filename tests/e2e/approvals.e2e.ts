import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, post, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();

/**
 * A transfer the demo's policy "Large API payouts" holds: 1,000 USD or more, started by the demo API
 * key (TechCorp's backend) — created waiting, its funds held on TechCorp.
 */
async function waitingTransfer(amount: string, description: string) {
  const [techCorp, maria] = [await accountId('TechCorp Inc'), await accountId('Maria Garcia')];
  const created = await post('/v1/transfers', {
    type: 'internal',
    fromAccountId: techCorp,
    toAccountId: maria,
    amount,
    currency: 'USDC',
    description,
  });
  expect(created.status).toBe(201);
  expect(created.body.data.status).toBe('requires_approval');
  return created.body.data.id;
}

/** The sidebar's count of approvals waiting for the user (0 when the badge is hidden). */
async function badge(page: Page): Promise<number> {
  const badge = page.getByRole('navigation', { name: 'Main' }).getByTestId('approvals-badge');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.locator('[aria-hidden]').textContent()) ?? 'NaN');
}

describe('approvals', () => {
  it('the owner approves one waiting transfer and denies another with a reason; the counts, badges and transfers follow', async () => {
    const run = Date.now();
    const [toApprove, toDeny, toCancel] = [`E2E approve ${run}`, `E2E deny ${run}`, `E2E cancel ${run}`];
    await waitingTransfer('1500.00', toApprove);
    await waitingTransfer('1600.00', toDeny);
    await waitingTransfer('1700.00', toCancel);

    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/');
    // The seed's three waiting transfers and ours: the sidebar counts what the owner can decide.
    await expect.poll(() => badge(page)).toBeGreaterThanOrEqual(6);
    const waiting = await badge(page);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Approvals/ })
      .click();
    await page.waitForURL((url) => url.pathname === '/approvals');
    await expect
      .poll(async () => (await page.getByTestId('approvals-for-you').locator('p').first().textContent()) ?? '')
      .toBe(String(waiting));
    const approveCard = page.getByTestId('approval').filter({ hasText: toApprove });
    // The accounts' names load after the card.
    await approveCard.getByRole('link', { name: 'Maria Garcia' }).waitFor();
    await approveCard.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    const text = (await approveCard.textContent()) ?? '';
    expect(text).toContain('1,500.00 USDC');
    expect(text).toContain('Demo test key (API key)');
    expect(text).toContain('Large API payouts');
    expect(await approveCard.getByTestId('approval-progress').textContent()).toBe('0 of 1');
    await screenshot(page, 'approvals-inbox');

    // Approve: the transfer completes, the card leaves the inbox, the counts drop.
    await approveCard.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('Approved: the transfer is complete.').waitFor();
    await approveCard.waitFor({ state: 'detached' });
    await expect.poll(() => badge(page)).toBe(waiting - 1);

    // Deny: a reason is required; the held funds go back.
    const denyCard = page.getByTestId('approval').filter({ hasText: toDeny });
    await denyCard.getByRole('button', { name: 'Deny', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Deny transfer', exact: true });
    const confirm = dialog.getByRole('button', { name: 'Deny transfer' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('Not in this quarter’s budget.');
    await screenshot(page, 'approvals-deny');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await denyCard.waitFor({ state: 'detached' });
    await expect.poll(() => badge(page)).toBe(waiting - 2);
    await expect
      .poll(async () => (await page.getByTestId('approvals-for-you').locator('p').first().textContent()) ?? '')
      .toBe(String(waiting - 2));

    // The decided ones, by status; the denied transfer's drawer shows the decision on its timeline.
    await page.getByRole('tab', { name: 'Denied' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'denied');
    const denied = page.getByTestId('approval').filter({ hasText: toDeny });
    await denied.getByText('Denied by Demo Owner').waitFor();
    expect(await denied.textContent()).toContain('Not in this quarter’s budget.');
    await denied.getByRole('button', { name: toDeny }).click();
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await drawer.getByText('denied by Demo Owner: Not in this quarter’s budget.').waitFor();
    expect(await drawer.getByText('requires approval', { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, 'approvals-denied-transfer');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Approved' }).click();
    await page.getByTestId('approval').filter({ hasText: toApprove }).getByText('Approved by Demo Owner').waitFor();

    // On the Transfers page: the approved one completed, the denied one denied (status filter), the
    // waiting one links to the inbox and can be cancelled — which takes it out of the count.
    await page.goto(`${webUrl}/transfers?search=${encodeURIComponent(toApprove)}`);
    await page.getByRole('row').filter({ hasText: toApprove }).getByText('completed').waitFor();
    await page.goto(`${webUrl}/transfers?status=denied`);
    await page.getByRole('row').filter({ hasText: toDeny }).getByText('denied', { exact: true }).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('denied');
    await page.goto(`${webUrl}/transfers?status=requires_approval`);
    await page.getByRole('button', { name: toCancel }).click();
    await drawer.getByTestId('transfer-approval').waitFor();
    await expect
      .poll(async () => (await drawer.getByTestId('transfer-approval').textContent()) ?? '')
      .toMatch(/0 of 1 approvals · Large API payouts · expires in/);
    expect(await drawer.getByRole('link', { name: 'Approve or deny in Approvals' }).getAttribute('href')).toBe('/approvals');
    await screenshot(page, 'approvals-waiting-transfer');
    await drawer.getByRole('button', { name: 'Cancel transfer' }).click();
    await page.getByText('Transfer cancelled; the held funds are available again.').waitFor();
    await drawer.getByText('cancelled', { exact: true }).first().waitFor();
    await page.keyboard.press('Escape'); // the drawer is modal: the sidebar is hidden from the accessibility tree while it is open
    await expect.poll(() => badge(page)).toBe(waiting - 3);
  });

  it('an owner adds an approval policy in Settings → Controls, sees it listed, and deletes it', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/settings');
    await page.getByRole('tab', { name: 'Controls' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'controls');
    const table = page.getByRole('table', { name: 'Approval policies' });
    await table.getByRole('row').filter({ hasText: 'Large API payouts' }).waitFor();

    const name = `E2E payouts ${Date.now()}`;
    await page.getByRole('button', { name: 'New policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'New approval policy', exact: true });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Applies to').selectOption('payout');
    await dialog.getByLabel('Amount at least (USD)').fill('250.005');
    await dialog.getByText('Enter a USD amount such as 10000.00 (at most 2 decimals).').waitFor();
    expect(await dialog.getByRole('button', { name: 'Create policy' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Amount at least (USD)').fill('250000.00');
    await dialog.getByLabel('API keys').uncheck();
    await dialog.getByLabel('Agents').uncheck();
    await dialog.getByText('Choose at least one.').waitFor();
    await dialog.getByLabel('Users').check();
    await dialog.getByLabel('Approvals needed').selectOption('2');
    await dialog.getByLabel('Approved by').selectOption('owner');
    await screenshot(page, 'controls-new-policy');
    await dialog.getByRole('button', { name: 'Create policy' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = table.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Payouts.*250,000\.00 USD.*Users.*2 × an owner/);
    await screenshot(page, 'controls');

    // Still there after a reload (the tab is in the URL); then deleted, leaving the demo as it was.
    await page.reload();
    await row.waitFor();
    await row.getByRole('button', { name: `Delete ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete approval policy', exact: true });
    await confirm.getByRole('button', { name: 'Delete policy' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    expect(await table.getByRole('row').filter({ hasText: 'Large API payouts' }).count()).toBe(1);
  });
});
