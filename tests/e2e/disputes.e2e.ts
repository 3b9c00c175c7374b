import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { internalTransfer, openTransfer, post, transfersPage, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();

describe('disputes', () => {
  it('open a dispute from the transfer → find it in the queue → respond → resolve with a partial refund → the transfer shows it refunded', async () => {
    const description = `E2E dispute journey ${Date.now()}`;
    const { id: transferId } = await internalTransfer('60.00', description);

    const page = await transfersPage(browser());
    const drawer = await openTransfer(page, description);
    await expect.poll(() => drawer.getByTestId('refundable-amount').textContent()).toBe('60.00 USDC');

    // Open a dispute of 47.31 of the 60.00: the amount comes prefilled with all that is refundable.
    await drawer.getByRole('button', { name: 'Open dispute' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open dispute', exact: true });
    const amount = dialog.getByLabel('Amount disputed (USDC)');
    expect(await amount.inputValue()).toMatch(/^60\.0+$/);
    await amount.fill('60.01');
    await dialog.getByText('At most 60.00 USDC can be disputed.').waitFor();
    await amount.fill('47.31');
    await dialog.getByLabel('Reason').selectOption('quality_issue');
    await dialog.getByLabel('Description').fill('Half of the order arrived damaged.');
    await dialog.getByLabel('Requested resolution (optional)').selectOption('full_refund');
    await screenshot(page, 'disputes-open');
    await dialog.getByRole('button', { name: 'Open dispute', exact: true }).click();

    // The new dispute's page.
    await page.waitForURL((url) => /^\/disputes\/[0-9a-f-]{36}$/.test(url.pathname));
    const disputeId = new URL(page.url()).pathname.split('/')[2] as string;
    await expect.poll(() => page.getByTestId('dispute-amount').textContent()).toBe('47.31 USDC disputed');
    expect(await page.getByTestId('dispute-description').textContent()).toBe('Half of the order arrived damaged.');
    await page.getByRole('link', { name: 'View the disputed transfer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Escalate' }).count()).toBe(1);

    // The queue, from the sidebar: filtered by status and reason in the URL.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disputes', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/disputes');
    await page.getByTestId('disputes-at-risk').waitFor();
    expect(Number(await page.getByTestId('disputes-open').locator('p').first().textContent())).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('disputes-at-risk').textContent()).toMatch(/\d[\d,]*\.\d{2} USDC/);
    await page.getByLabel('Status').selectOption('open');
    await page.waitForURL((url) => url.searchParams.get('status') === 'open');
    await page.getByLabel('Reason').selectOption('quality_issue');
    await page.waitForURL((url) => url.searchParams.get('reason') === 'quality_issue');
    const row = page.getByRole('row').filter({ has: page.locator(`a[href="/disputes/${disputeId}"]`) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/47\.31 USDC.*Quality issue.*TechCorp Inc → Maria Garcia.*open/);
    await screenshot(page, 'disputes');
    // Due in 30 days: not due soon.
    await page.getByRole('button', { name: 'Due soon' }).click();
    await page.waitForURL((url) => url.searchParams.get('dueSoon') === 'true');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('button', { name: 'Due soon' }).click();
    await row.waitFor();

    // Respond: a response, an evidence item with a link, a counter-offer of 20.00.
    await row.getByRole('link', { name: '47.31 USDC' }).click();
    await page.waitForURL((url) => url.pathname === `/disputes/${disputeId}`);
    await page.getByRole('button', { name: 'Respond' }).click();
    const respond = page.getByRole('dialog', { name: 'Respond to dispute', exact: true });
    await respond.getByLabel('Response').fill('Only two of the five items were damaged.');
    await respond.getByRole('button', { name: 'Add evidence' }).click();
    await respond.getByLabel('Item 1 type').selectOption('delivery_proof');
    await respond.getByLabel('Description').fill('Courier photos at delivery');
    await respond.getByLabel('Link (optional)').fill('https://files.example.com/photos-1042.zip');
    await respond.getByLabel('Make a counter-offer').check();
    await respond.getByLabel('Offer', { exact: true }).selectOption('partial_refund');
    await respond.getByLabel('Offered amount (USDC, optional)').fill('20.00');
    await respond.getByRole('button', { name: 'Send response' }).click();
    await respond.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('dispute-response').textContent()).toMatch(/Only two of the five items were damaged\./);
    expect(await page.getByTestId('counter-offer').textContent()).toMatch(/Partial refund · 20\.00 USDC/);
    const evidence = page.getByTestId('evidence-item');
    expect(await evidence.textContent()).toMatch(/Delivery proof — Courier photos at delivery.*by the respondent/);
    expect(await evidence.getByRole('link').getAttribute('href')).toBe('https://files.example.com/photos-1042.zip');
    expect(await page.getByText('under review', { exact: true }).count()).toBe(1);
    // Answered: no second response.
    expect(await page.getByRole('button', { name: 'Respond' }).count()).toBe(0);

    // Resolve with a partial refund of 20.00: the rest of the hold goes back to the respondent.
    await page.getByRole('button', { name: 'Resolve' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve dispute', exact: true });
    await resolve.getByLabel('Resolution').selectOption('partial_refund');
    const resolveAmount = resolve.getByLabel('Amount to refund (USDC)');
    await resolveAmount.fill('47.32');
    await resolve.getByText('At most 47.31 USDC can be refunded (the disputed amount).').waitFor();
    await resolveAmount.fill('20.00');
    await expect
      .poll(() => resolve.getByTestId('resolution-split').textContent())
      .toBe('Refunded to the claimant20.00 USDCReleased to the respondent27.31 USDC');
    await resolve.getByLabel('Notes (optional)').fill('Two damaged items refunded.');
    await screenshot(page, 'disputes-resolve');
    await resolve.getByRole('button', { name: 'Resolve', exact: true }).click();
    await resolve.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('dispute-resolution').textContent()).toMatch(/Partial refund.*20\.00 USDC/);
    expect(await page.getByRole('button', { name: /Resolve|Escalate|Respond/ }).count()).toBe(0);
    expect(await page.getByTestId('dispute-timeline').allTextContents()).toEqual([
      expect.stringMatching(/^Opened/),
      expect.stringMatching(/^Responded.*Only two of the five items were damaged\./),
      expect.stringMatching(/^Resolved.*Partial refund · 20\.00 USDC/),
    ]);
    await screenshot(page, 'disputes-detail');

    // The transfer: 20.00 refunded through the dispute, 40.00 refundable again.
    await page.getByRole('link', { name: 'View the disputed transfer' }).click();
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('transfer') === transferId);
    await expect.poll(() => drawer.getByTestId('refunded-amount').textContent()).toBe('20.00 USDC');
    expect(await drawer.getByTestId('refundable-amount').textContent()).toBe('40.00 USDC');
    expect(await drawer.getByTestId('timeline-refund').textContent()).toMatch(/Refund 20\.00 USDC.*Dispute resolution.*succeeded/);
    expect(await drawer.getByTestId('transfer-disputes').textContent()).toMatch(/47\.31 USDC disputed.*resolved/);
    await screenshot(page, 'disputes-transfer');
  });

  it('a second dispute of a transfer opened meanwhile: the API’s 409 shows with a link to the open one', async () => {
    const description = `E2E dispute exists ${Date.now()}`;
    const { id: transferId } = await internalTransfer('15.00', description);
    const page = await transfersPage(browser());
    await page.goto(`${webUrl}/transfers?transfer=${transferId}`);
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await drawer.getByRole('button', { name: 'Open dispute' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open dispute', exact: true });
    await dialog.getByLabel('Reason').selectOption('duplicate_charge');
    await dialog.getByLabel('Description').fill('Charged twice.');
    // Someone else opens one first (an API call).
    const other = await post('/v1/disputes', { transferId, reason: 'other', description: 'Opened elsewhere', amountDisputed: '5.00' });
    expect(other.status).toBe(201);
    await dialog.getByRole('button', { name: 'Open dispute', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('dispute-error').textContent()).toMatch(/already has an unresolved dispute/);
    await dialog.getByRole('link', { name: 'View the open dispute' }).click();
    await page.waitForURL((url) => url.pathname === `/disputes/${other.body.data.id}`);
    await expect.poll(() => page.getByTestId('dispute-amount').textContent()).toBe('5.00 USDC disputed');
  });
});
