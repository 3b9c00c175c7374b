import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO, launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function demoAccounts() {
  const res = await fetch(`${apiUrl}/v1/accounts?limit=100`, { headers: { authorization: 'Bearer pk_test_demo_fintech_key_12345' } });
  const body = (await res.json()) as { data: { id: string; name: string }[] };
  const byName = (name: string) => body.data.find((a) => a.name === name)?.id as string;
  return { techCorp: byName('TechCorp Inc'), maria: byName('Maria Garcia') };
}

describe('agents', () => {
  it('create an agent → copy its token → the agent pays over the API → its activity and usage show on its page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, webUrl, '/agents');
    await page.getByRole('link', { name: 'Payroll Autopilot' }).first().waitFor();
    await page.getByRole('button', { name: 'New agent' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New agent' });
    const { techCorp, maria } = await demoAccounts();
    await dialog.getByLabel('Business account').selectOption(techCorp);
    await dialog.getByLabel('Name').fill('E2E Expense Agent');
    await dialog.getByLabel('Per day').fill('100.00');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    const token = (await page.getByTestId('secret').textContent()) ?? '';
    expect(token).toMatch(/^agent_/);
    await page.getByRole('link', { name: 'Open the agent' }).click();
    await page.getByRole('heading', { name: 'E2E Expense Agent' }).waitFor();
    await page.getByLabel('KYA tier').selectOption('1');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('active · KYA 1').waitFor();

    const pay = (amount: string) =>
      fetch(`${apiUrl}/v1/transfers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'internal',
          fromAccountId: techCorp,
          toAccountId: maria,
          amount,
          currency: 'USDC',
          description: 'Team lunch',
        }),
      });
    expect((await pay('12.34')).status).toBe(201);
    const refused = await pay('200.00');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('limit_exceeded');

    await page.reload();
    const activity = page.getByTestId('agent-activity');
    await activity.waitFor();
    await expect.poll(() => activity.locator('li').count()).toBeGreaterThanOrEqual(2);
    const text = (await activity.textContent()) ?? '';
    expect(text).toMatch(/createTransfer.*limit_exceeded.*refused/);
    expect(text).toMatch(/succeeded/);
    expect(await page.getByTestId('usage-Today').textContent()).toMatch(/12\.34 of 100\.00 USD/);
    await screenshot(page, 'agent-detail');

    // The transfer carries an "initiated by" badge that leads back to the agent.
    await page.goto(`${webUrl}/transfers?search=Team%20lunch`);
    await page.getByRole('link', { name: /agent · E2E Expense Agent/ }).click();
    await page.getByRole('heading', { name: 'E2E Expense Agent' }).waitFor();
    expect(DEMO.email).toBeTruthy();
    await page.close();
  });
});
