import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { internalTransfer, openTransfer, post, transfersPage, useBrowser } from './demo.js';

const browser = useBrowser();

describe('refunds', () => {
  it('refund part of a completed internal transfer → the refundable amount drops → the refund is on the Refunds page', async () => {
    const description = `E2E refund journey ${Date.now()}`;
    const transfer = await internalTransfer('40.00', description);
    const { maria } = transfer;

    const page = await transfersPage(browser());
    const drawer = await openTransfer(page, description);
    await expect.poll(() => drawer.getByTestId('refundable-amount').textContent()).toBe('40.00 USDC');
    expect(await drawer.getByTestId('refunded-amount').textContent()).toBe('0.00 USDC');

    // Refund 13.57 of the 40.00: the amount comes prefilled with all that is refundable.
    await drawer.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund transfer', exact: true });
    const amount = dialog.getByLabel('Amount (USDC)');
    expect(await amount.inputValue()).toMatch(/^40\.0+$/);
    await amount.fill('40.01');
    await dialog.getByText('At most 40.00 USDC can be refunded.').waitFor();
    await amount.fill('13.57');
    await dialog.getByLabel('Reason').selectOption('customer_request');
    await dialog.getByLabel('Details (optional)').fill('Order cancelled by the customer');
    await screenshot(page, 'refunds-dialog');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => drawer.getByTestId('refundable-amount').textContent()).toBe('26.43 USDC');
    expect(await drawer.getByTestId('refunded-amount').textContent()).toBe('13.57 USDC');
    const entry = drawer.getByTestId('timeline-refund');
    expect(await entry.textContent()).toMatch(/Refund 13\.57 USDC.*Customer request.*succeeded/);

    // Refunded elsewhere meanwhile (an API call): the API's refusal shows in the dialog, which catches up.
    await drawer.getByRole('button', { name: 'Refund' }).click();
    expect(await amount.inputValue()).toMatch(/^26\.430*$/);
    await dialog.getByLabel('Reason').selectOption('duplicate_payment');
    expect((await post('/v1/refunds', { transferId: transfer.id, amount: '20.00', reason: 'other' })).status).toBe(201);
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect
      .poll(() => dialog.getByTestId('refund-error').textContent())
      .toBe('The amount is more than is left to refund. At most 6.43 USDC can be refunded now.');
    await dialog.getByText('Up to 6.43 USDC can be refunded.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => drawer.getByTestId('refundable-amount').textContent()).toBe('6.43 USDC');
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('transfer')).toBeNull();

    // The Refunds page, from the sidebar: the refund is listed, filtered by account in the URL.
    await page.getByRole('link', { name: 'Refunds', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/refunds');
    await page.getByLabel('Account').selectOption(maria);
    await page.waitForURL((url) => url.searchParams.get('accountId') === maria);
    const row = page.getByRole('row').filter({ hasText: '13.57 USDC' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Customer request.*Maria Garcia → TechCorp Inc.*succeeded/);
    await page.getByTestId('refunds-count').waitFor();
    expect(Number((await page.getByTestId('refunds-count').locator('p').first().textContent()) ?? '0')).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText('No refunds match').waitFor();
    await page.getByLabel('Status').selectOption('succeeded');
    await row.waitFor();
    await screenshot(page, 'refunds');

    // The refund's details, and back to its transfer, whose refundable amount dropped.
    await row.getByRole('button', { name: '13.57 USDC' }).click();
    const refund = page.getByRole('dialog', { name: 'Refund', exact: true });
    await refund.getByText('Order cancelled by the customer').waitFor();
    expect(new URL(page.url()).searchParams.get('refund')).toBeTruthy();
    await screenshot(page, 'refunds-detail');
    await refund.getByRole('link', { name: 'View the refunded transfer' }).click();
    await page.waitForURL((url) => url.pathname === '/transfers' && url.searchParams.get('transfer') === transfer.id);
    await expect.poll(() => drawer.getByTestId('refundable-amount').textContent()).toBe('6.43 USDC');
    expect(await drawer.getByTestId('refunded-amount').textContent()).toBe('33.57 USDC');
    expect(await drawer.getByTestId('timeline-refund').count()).toBe(2);
    await screenshot(page, 'refunds-transfer');
  });
});
