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

/** The first of next month (UTC), as a schedule's start date, and as the dashboard shows it. */
function firstOfNextMonth() {
  const now = new Date();
  const iso = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const shown = new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
  return { iso, shown };
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
    // The seed's three waiting transfers, its waiting schedule and stream, and ours: the sidebar counts what the owner can decide.
    await expect.poll(() => badge(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(8);
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
    // It asks first, naming the amount (the dashboard's confirmation).
    const confirmCancel = page.getByRole('alertdialog', { name: /^Cancel this 1,700\.00 USDC transfer\?$/ });
    await confirmCancel.getByRole('button', { name: 'Cancel transfer' }).click();
    await page.getByText('Transfer cancelled; the held funds are available again.').waitFor();
    await drawer.getByText('cancelled', { exact: true }).first().waitFor();
    await page.keyboard.press('Escape'); // the drawer is modal: the sidebar is hidden from the accessibility tree while it is open
    await expect.poll(() => badge(page)).toBe(waiting - 3);
  });

  it('the owner approves a schedule and denies a stream the API key opened; the schedule becomes active, the stream’s funding goes back', async () => {
    const run = Date.now();
    const [scheduleName, streamName] = [`E2E schedule ${run}`, `E2E stream ${run}`];
    const [techCorp, maria, carlos] = [
      await accountId('TechCorp Inc'),
      await accountId('Maria Garcia'),
      await accountId('Carlos Martinez'),
    ];
    const first = firstOfNextMonth();
    const schedule = await post('/v1/scheduled-transfers', {
      fromAccountId: techCorp,
      toAccountId: maria,
      amount: '1300.00',
      currency: 'USDC',
      frequency: 'monthly',
      startDate: first.iso,
      timezone: 'UTC',
      description: scheduleName,
    });
    expect([schedule.status, schedule.body.data.status]).toEqual([201, 'requires_approval']);
    const stream = await post('/v1/streams', {
      senderAccountId: techCorp,
      receiverAccountId: carlos,
      currency: 'USDC',
      ratePerMonth: '2592.00', // 0.001 USDC a second
      fundingAmount: '1500.00',
      description: streamName,
    });
    expect([stream.status, stream.body.data.status]).toEqual([201, 'requires_approval']);

    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/approvals');
    // The seed's waiting schedule and stream are in the inbox beside the transfers, each saying what it is.
    // (The accounts' names load after the card: on a loaded machine that takes more than the poll's default second.)
    const summary = (text: string) => page.getByTestId('approval').filter({ hasText: text }).getByTestId('approval-summary').textContent();
    await expect
      .poll(() => summary('Freight contract — Andes Logistics'), { timeout: 10_000 })
      .toMatch(/^Monthly 1,200\.00 USDC from TechCorp Inc to Andes Logistics SAS, first runs /);
    await expect
      .poll(() => summary('Design retainer — Sofia Rodriguez'), { timeout: 10_000 })
      .toBe('2,430.00 USDC a month from TechCorp Inc to Sofia Rodriguez, funded with 4,000.00 USDC');
    await expect.poll(() => page.getByTestId('approvals-by-type').textContent()).toMatch(/transfers?, \d+ schedules?, \d+ streams?/);
    await screenshot(page, 'approvals-inbox-kinds');

    // Only schedules: ours, said in a sentence, with its first runs.
    await page.getByLabel('Type').selectOption('schedule');
    await page.waitForURL((url) => url.searchParams.get('type') === 'schedule');
    await expect.poll(() => page.getByTestId('approval').filter({ hasText: streamName }).count()).toBe(0);
    const card = page.getByTestId('approval').filter({ hasText: scheduleName });
    await expect
      .poll(() => summary(scheduleName))
      .toBe(`Monthly 1,300.00 USDC from TechCorp Inc to Maria Garcia, first runs ${first.shown}`);
    expect(await card.getAttribute('data-object-type')).toBe('schedule');
    expect(await card.getByTestId('approval-runs').textContent()).toContain(first.shown);
    expect(await card.getByTestId('approval-progress').textContent()).toBe('0 of 1');

    // Approved: the card leaves the inbox; the schedule is active, its first run set.
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('Approved: the schedule is active and runs on its dates.').waitFor();
    await card.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Approved' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'approved');
    const approved = page.getByTestId('approval').filter({ hasText: scheduleName });
    await approved.getByText('Approved by Demo Owner').waitFor();
    await approved.getByRole('button', { name: scheduleName }).click();
    const drawer = page.getByRole('dialog', { name: 'Scheduled transfer', exact: true });
    await drawer.getByText('active', { exact: true }).waitFor();
    expect(await drawer.getByTestId('schedule-approval').count()).toBe(0);
    expect(await drawer.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await screenshot(page, 'approvals-approved-schedule');
    await page.keyboard.press('Escape');

    // The stream, denied with a reason: it ends without flowing, its funding back on TechCorp.
    await page.goto(`${webUrl}/approvals?type=stream`);
    const streamCard = page.getByTestId('approval').filter({ hasText: streamName });
    await streamCard.getByRole('button', { name: 'Deny', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Deny stream', exact: true });
    expect(await dialog.textContent()).toContain('its 1,500.00 USDC funding returns to the sender’s available balance');
    await dialog.getByLabel('Reason').fill('No retainer for Carlos this quarter.');
    await dialog.getByRole('button', { name: 'Deny stream' }).click();
    await page.getByText('Stream denied; its funding is back with the sender.').waitFor();
    await streamCard.waitFor({ state: 'detached' });
    await page.goto(`${webUrl}/streams/${stream.body.data.id}`);
    await page.getByRole('heading', { name: streamName }).waitFor();
    await page.getByText('denied', { exact: true }).first().waitFor();
    expect(await page.getByTestId('figure-refunded').textContent()).toBe('1,500.00 USDC');
    expect(await page.getByRole('button', { name: 'Cancel stream' }).count()).toBe(0);
  });

  it('a schedule and a stream waiting for approval say so, link to the inbox, and offer only Cancel', async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/schedules');
    await page.goto(`${webUrl}/schedules?status=requires_approval`);
    expect(await page.getByLabel('Status').inputValue()).toBe('requires_approval');
    const row = page.getByRole('row').filter({ hasText: 'Freight contract — Andes Logistics' });
    await row.getByText('Waiting for approval').waitFor();
    await row.getByRole('button', { name: /Freight contract/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Scheduled transfer', exact: true });
    const note = drawer.getByTestId('schedule-approval');
    await expect.poll(async () => (await note.textContent()) ?? '').toMatch(/0 of 1 approvals · Large API payouts · expires in/);
    expect(await note.getByRole('link', { name: 'Approve or deny in Approvals' }).getAttribute('href')).toBe('/approvals?type=schedule');
    expect(await drawer.getByTestId('upcoming-runs').locator('li').count()).toBeGreaterThan(0);
    expect(await drawer.getByRole('button', { name: 'Cancel schedule' }).count()).toBe(1);
    for (const name of ['Run now', 'Pause', 'Resume']) expect(await drawer.getByRole('button', { name }).count()).toBe(0);
    await screenshot(page, 'schedule-waiting-for-approval');
    await page.keyboard.press('Escape');

    await page.goto(`${webUrl}/streams?status=requires_approval`);
    await page.getByRole('row').filter({ hasText: 'Design retainer — Sofia Rodriguez' }).getByText('Waiting for approval').waitFor();
    await page.getByRole('link', { name: /Design retainer — Sofia Rodriguez/ }).click();
    await page.getByRole('heading', { name: 'Design retainer — Sofia Rodriguez' }).waitFor();
    const streamNote = page.getByTestId('stream-approval');
    await expect.poll(async () => (await streamNote.textContent()) ?? '').toMatch(/0 of 1 approvals · Large API payouts/);
    expect(await streamNote.getByRole('link').getAttribute('href')).toBe('/approvals?type=stream');
    expect(await page.getByTestId('figure-remaining').textContent()).toBe('4,000.00 USDC');
    expect(await page.getByRole('button', { name: 'Cancel stream' }).count()).toBe(1);
    for (const name of ['Pause', 'Resume', 'Top up']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    await screenshot(page, 'stream-waiting-for-approval');
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
    const confirm = page.getByRole('alertdialog', { name: `Delete “${name}”?`, exact: true });
    await confirm.getByRole('button', { name: 'Delete policy' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    expect(await table.getByRole('row').filter({ hasText: 'Large API payouts' }).count()).toBe(1);
  });
});
