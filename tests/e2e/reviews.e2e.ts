import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, post, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();

/** The sidebar's count of reviews to work on (0 when the badge is hidden). */
async function badge(page: Page): Promise<number> {
  const badge = page.getByTestId('reviews-badge');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.locator('[aria-hidden]').textContent()) ?? 'NaN');
}

/** Closes the review drawer (its Close button) and waits for it to go. */
async function closeDrawer(page: Page) {
  const drawer = page.getByRole('dialog', { name: 'Review', exact: true });
  await drawer.getByRole('button', { name: 'Close', exact: true }).click();
  await drawer.waitFor({ state: 'detached' });
}

const activeCard = async (page: Page) => Number((await page.getByTestId('reviews-active').locator('p').first().textContent()) ?? 'NaN');

describe('reviews', () => {
  it('the owner filters the queue by risk level, reads a rule’s evidence, assigns a flag to herself, notes and approves it, dismisses another; the counts follow', async () => {
    const run = Date.now();
    const [toApprove, toDismiss] = [`e2e-approve-${run}`, `e2e-dismiss-${run}`];
    // Two flags of our own (the demo key is a partner's monitoring), so the journey decides nothing the seed made.
    const flagged = await post('/v1/reviews', { accountId: await accountId('TechCorp Inc'), riskLevel: 'critical', reason: toApprove });
    expect(flagged.status).toBe(201);
    expect((await post('/v1/reviews', { accountId: await accountId('Maria Garcia'), riskLevel: 'low', reason: toDismiss })).status).toBe(
      201,
    );

    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/');
    // The seed's four active items (one per risk level) and ours.
    await expect.poll(() => badge(page)).toBeGreaterThanOrEqual(6);
    const active = await badge(page);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Reviews/ })
      .click();
    await page.waitForURL((url) => url.pathname === '/reviews');
    await expect.poll(() => activeCard(page)).toBe(active);
    expect(Number(await page.getByTestId('reviews-risk-critical').locator('.tabular').textContent())).toBeGreaterThanOrEqual(2);

    // Filter by risk level: only medium items — the velocity rule's finding on TechCorp's transfer.
    await page.getByLabel('Risk level').selectOption('medium');
    await page.waitForURL((url) => url.searchParams.get('riskLevel') === 'medium');
    await expect
      .poll(async () => [...new Set(await page.getByTestId('review-row').getByTestId('risk-level').allTextContents())])
      .toEqual(['medium']);
    await screenshot(page, 'reviews-queue');

    // Its evidence: the rule's figures as a table, the transfer it looked at, the account's recent transfers.
    await page.getByTestId('review-row').getByRole('button', { name: 'Velocity' }).first().click();
    const drawer = page.getByRole('dialog', { name: 'Review', exact: true });
    await drawer.getByTestId('review-detail').waitFor();
    expect(await drawer.getByTestId('review-message').textContent()).toMatch(/sends in 24 h \(limit 3\)/);
    expect(await drawer.getByRole('table', { name: 'Figures the rule saw' }).getByRole('row').count()).toBeGreaterThan(1);
    expect(await drawer.getByTestId('review-transfer').textContent()).toContain('1,200.00 USDC');
    expect(await drawer.getByRole('table', { name: 'Recent transfers' }).getByRole('row').count()).toBeGreaterThan(2);
    await screenshot(page, 'reviews-evidence');
    await closeDrawer(page);

    // A critical flag: assign it to me, add a note, approve it.
    await page.getByLabel('Risk level').selectOption('critical');
    const row = page.getByTestId('review-row').filter({ hasText: toApprove });
    await row.getByRole('button', { name: 'Manual flag' }).click();
    await drawer.getByText(toApprove).waitFor();
    await drawer.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assigned to you.').waitFor();
    await drawer.getByText('in review', { exact: true }).waitFor();
    await drawer.getByText('Demo Owner', { exact: true }).waitFor();
    await drawer.getByRole('textbox', { name: 'Add a note' }).fill('Checked the directors against the list: no match.');
    await drawer.getByRole('button', { name: 'Add note' }).click();
    await drawer.getByTestId('review-note').filter({ hasText: 'no match' }).waitFor();
    await drawer.getByRole('button', { name: 'Approve', exact: true }).click();
    const approve = page.getByRole('dialog', { name: 'Approve review', exact: true });
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    await approve.waitFor({ state: 'detached' });
    await drawer.getByText('approved', { exact: true }).waitFor();
    expect(await drawer.getByTestId('review-actions').count()).toBe(0);
    await expect.poll(() => badge(page)).toBe(active - 1);
    await closeDrawer(page);

    // Assigned to me: the seed's large-amount finding (assigned to the owner) is there too.
    await page.getByLabel('Risk level').selectOption('');
    // One URL change at a time: each filter change is computed from the URL as last rendered.
    await page.waitForURL((url) => !url.searchParams.has('riskLevel'));
    await page.getByRole('button', { name: 'Assigned to me' }).click();
    await page.waitForURL((url) => url.searchParams.get('mine') === 'true');
    await page.getByTestId('review-row').filter({ hasText: 'Large amount' }).waitFor();
    await page.getByTestId('review-row').filter({ hasText: toApprove }).waitFor();
    await page.getByRole('button', { name: 'Assigned to me' }).click();
    await page.waitForURL((url) => !url.searchParams.has('mine'));

    // Dismiss the low one: a note is required.
    await page.getByTestId('review-row').filter({ hasText: toDismiss }).getByRole('button', { name: 'Manual flag' }).click();
    await drawer.getByText(toDismiss).waitFor();
    await drawer.getByRole('button', { name: 'Dismiss', exact: true }).click();
    const dismiss = page.getByRole('dialog', { name: 'Dismiss review', exact: true });
    const confirm = dismiss.getByRole('button', { name: 'Dismiss', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dismiss.getByLabel('Note').fill('Proof of address received.');
    await screenshot(page, 'reviews-dismiss');
    await confirm.click();
    await dismiss.waitFor({ state: 'detached' });
    await drawer.getByText('dismissed', { exact: true }).waitFor();
    await closeDrawer(page);
    await expect.poll(() => badge(page)).toBe(active - 2);
    await expect.poll(() => activeCard(page)).toBe(active - 2);

    // Decided ones by status.
    await page.getByLabel('Status').selectOption('dismissed');
    await page.getByTestId('review-row').filter({ hasText: toDismiss }).waitFor();
  });

  it('a member of the team flags a transfer for review from its drawer; it joins the queue', async () => {
    const created = await post('/v1/transfers', {
      type: 'internal',
      fromAccountId: await accountId('TechCorp Inc'),
      toAccountId: await accountId('Maria Garcia'),
      amount: '12.00',
      currency: 'USDC',
      description: `E2E flag ${Date.now()}`,
    });
    expect(created.status).toBe(201);
    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/transfers');
    await page.goto(`${webUrl}/transfers?transfer=${created.body.data.id}`);
    const drawer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await drawer.getByRole('button', { name: 'Flag for review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Flag for review', exact: true });
    await dialog.getByLabel('Risk level').selectOption('high');
    await dialog.getByLabel('Reason').fill('unusual_counterparty');
    await dialog.getByRole('button', { name: 'Flag for review' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/Flagged for review \(high risk\)/).waitFor();
    // The drawer lists the transfer's review, linking to it in the queue.
    const link = drawer.getByTestId('transfer-reviews').getByRole('link', { name: 'Manual flag' });
    await link.waitFor();
    await link.click();
    await page.waitForURL((url) => url.pathname === '/reviews' && url.searchParams.has('review'));
    await page.getByRole('dialog', { name: 'Review', exact: true }).getByText('unusual_counterparty').waitFor();
  });

  it('a transfer the demo’s large-amount rule holds: its drawer links to its review, whose approval releases it to the approval policy', async () => {
    const description = `E2E held ${Date.now()}`;
    // 25,000 USD or more: the demo's test environment holds it for review (and its API key's transfers then face "Large API payouts").
    const created = await post('/v1/transfers', {
      type: 'internal',
      fromAccountId: await accountId('TechCorp Inc'),
      toAccountId: await accountId('Maria Garcia'),
      amount: '30000.00',
      currency: 'USDC',
      description,
    });
    expect(created.status).toBe(201);
    expect(created.body.data.status).toBe('requires_review');

    const page = await browser().newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, webUrl, '/transfers');
    await page.goto(`${webUrl}/transfers?status=requires_review`);
    await page.getByRole('button', { name: description }).click();
    const transfer = page.getByRole('dialog', { name: 'Transfer', exact: true });
    await transfer.getByTestId('transfer-review').waitFor();
    await screenshot(page, 'reviews-held-transfer');
    await transfer.getByTestId('transfer-reviews').getByRole('link', { name: 'Large amount' }).click();
    await page.waitForURL((url) => url.pathname === '/reviews');
    const drawer = page.getByRole('dialog', { name: 'Review', exact: true });
    await drawer.getByText('holds its transfer').waitFor();
    // It holds its transfer: approved or rejected, never dismissed.
    expect(await drawer.getByRole('button', { name: 'Dismiss', exact: true }).count()).toBe(0);
    await drawer.getByRole('button', { name: 'Approve', exact: true }).click();
    const approve = page.getByRole('dialog', { name: 'Approve review', exact: true });
    await approve.getByLabel('Note').fill('Annual supplier prepayment, contract on file.');
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    await approve.waitFor({ state: 'detached' });
    await drawer.getByTestId('review-transfer').getByText('requires approval', { exact: true }).waitFor();
  });
});
