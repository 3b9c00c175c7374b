import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot } from './browser.js';
import { accountId, apiUrl, useBrowser, webUrl } from './demo.js';

const browser = useBrowser();
const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345' };
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read loosely by a journey.
const get = async (path: string) => ((await (await fetch(`${apiUrl}${path}`, { headers: KEY })).json()) as { data: any }).data;

async function openControls(page: Page) {
  await page.goto(`${webUrl}/settings?tab=controls`);
  await page.getByRole('form', { name: 'Risk rules' }).waitFor();
}

/** Velocity's switch and hourly count, and the cooling-off and travel rule fields. */
const velocity = (page: Page) => page.getByTestId('risk-rule-velocity');

async function setRules(page: Page, enabled: boolean, perHour: string) {
  const rule = velocity(page);
  const toggle = rule.getByRole('switch', { name: 'Enable Velocity' });
  if ((await toggle.isChecked()) !== enabled) await toggle.click();
  await rule.getByLabel('Sends per hour, at most (sends)').fill(perHour);
  await page.getByRole('button', { name: 'Save risk rules' }).click();
  await page.getByText('Risk rules saved.').waitFor();
}

async function setControls(page: Page, c: { hours: string; maxUsd: string; thresholdUsd: string; appliesTo: 'usdc' | 'all' }) {
  await page.getByLabel('Cooling-off period (hours)').fill(c.hours);
  await page.getByLabel('Most per payout while cooling off (USD)').fill(c.maxUsd);
  await page.getByLabel('Threshold (USD)').fill(c.thresholdUsd);
  await page.getByLabel('Applies to').selectOption(c.appliesTo);
  await page.getByRole('button', { name: 'Save payout controls' }).click();
  await page.getByText('Payout controls saved.').waitFor();
}

describe('controls', () => {
  it('an owner enables a risk rule and changes its threshold, sets cooling-off and the travel rule, sees them after a reload, and restores them', async () => {
    const before = { rules: await get('/v1/risk-rules'), settings: await get('/v1/organization/settings') };
    const velocityBefore = before.rules.rules.find((r: { id: string }) => r.id === 'velocity');
    expect(velocityBefore.enabled).toBe(false);

    const page = await browser().newPage({ viewport: { width: 1280, height: 1400 } });
    await login(page, webUrl, '/settings');
    await openControls(page);
    expect(await page.getByText('test environment').count()).toBeGreaterThanOrEqual(3);
    // Nothing changed yet: nothing to save.
    expect(await page.getByRole('button', { name: 'Save risk rules' }).isDisabled()).toBe(true);

    await setRules(page, true, '7');
    await setControls(page, { hours: '12', maxUsd: '750.00', thresholdUsd: '2500.00', appliesTo: 'all' });
    await screenshot(page, 'controls-risk-rules');

    await page.reload();
    await page.getByRole('form', { name: 'Risk rules' }).waitFor();
    expect(await velocity(page).getByRole('switch', { name: 'Enable Velocity' }).isChecked()).toBe(true);
    expect(await velocity(page).getByLabel('Sends per hour, at most (sends)').inputValue()).toBe('7');
    await expect.poll(() => page.getByLabel('Cooling-off period (hours)').inputValue()).toBe('12');
    expect(await page.getByLabel('Most per payout while cooling off (USD)').inputValue()).toBe('750.00');
    expect(await page.getByLabel('Threshold (USD)').inputValue()).toBe('2500.00');
    expect(await page.getByLabel('Applies to').inputValue()).toBe('all');
    // As the API has them: only velocity's two fields changed among the rules.
    const rules = await get('/v1/risk-rules');
    expect(rules.rules.find((r: { id: string }) => r.id === 'velocity')).toMatchObject({
      enabled: true,
      maxCountPerHour: 7,
      maxCountPerDay: 50,
    });
    expect((await get('/v1/organization/settings')).controls).toEqual({
      coolingOffHours: 12,
      coolingOffMaxAmountUsd: '750.00',
      travelRule: { thresholdUsd: '2500.00', appliesTo: 'all' },
    });

    // The payout form asks for the travel rule parties at or above the threshold.
    const techCorp = await accountId('TechCorp Inc');
    const methods = (await get(`/v1/accounts/${techCorp}/payment-methods`)) as { id: string; label: string }[];
    const wallet = methods.find((m) => m.label === 'Treasury wallet') as { id: string };
    await page.goto(`${webUrl}/transfers?new=1`);
    const dialog = page.getByRole('dialog', { name: 'New payment', exact: true });
    const choose = async (label: string, value: string) => {
      const select = dialog.getByLabel(label, { exact: true });
      await select.locator(`option[value="${value}"]`).waitFor({ state: 'attached' });
      await select.selectOption(value);
    };
    await choose('From account', techCorp);
    await choose('To', `pm:${wallet.id}`);
    await dialog.getByLabel('Currency', { exact: true }).selectOption('USDC');
    await dialog.getByLabel('Amount', { exact: true }).fill('100.00');
    await dialog.getByRole('button', { name: 'Add travel rule data (optional)' }).waitFor();
    await dialog.getByLabel('Amount', { exact: true }).fill('2600.00');
    await dialog
      .getByTestId('travel-rule')
      .getByText(/Required: this payout is at or above the travel rule threshold \(2,500\.00 USD\)/)
      .waitFor();
    await dialog.getByLabel('Originator account number').fill('##');
    await dialog.getByText('letters, digits, spaces, dots, slashes and dashes').waitFor();
    await screenshot(page, 'controls-travel-rule-payment');
    await page.keyboard.press('Escape');

    // Allowlisting a payment method (owners and admins), and back.
    await page.goto(`${webUrl}/accounts/${techCorp}?tab=payment-methods`);
    const row = page.getByTestId('payment-method').filter({ hasText: 'Treasury wallet' });
    await row.getByRole('switch', { name: /^Allowlist Treasury wallet/ }).click();
    await row.getByText('Allowlisted', { exact: true }).waitFor();
    await row.getByRole('switch', { name: /^Allowlist Treasury wallet/ }).click();
    await row.getByText('Allowlisted', { exact: true }).waitFor({ state: 'detached' });

    // Restore what the demo had, so other journeys are unaffected.
    await page.goto(`${webUrl}/settings?tab=controls`);
    await page.getByRole('form', { name: 'Risk rules' }).waitFor();
    await setRules(page, false, String(velocityBefore.maxCountPerHour));
    const c = before.settings.controls;
    await setControls(page, {
      hours: String(c.coolingOffHours),
      maxUsd: c.coolingOffMaxAmountUsd,
      thresholdUsd: c.travelRule.thresholdUsd,
      appliesTo: c.travelRule.appliesTo,
    });
    expect((await get('/v1/risk-rules')).rules.map((r: { id: string; enabled: boolean }) => [r.id, r.enabled])).toEqual(
      before.rules.rules.map((r: { id: string; enabled: boolean }) => [r.id, r.enabled]),
    );
    expect((await get('/v1/organization/settings')).controls).toEqual(before.settings.controls);
  });
});
