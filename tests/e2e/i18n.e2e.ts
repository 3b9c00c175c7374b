import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, login, screenshot } from './browser.js';
import { apiUrl, useBrowser, webUrl } from './demo.js';

// #20 §6: the payout journey (New payment → quote → confirm → status) in Spanish, chosen in the user
// menu, and in Portuguese, the browser's language; money in the language's format (1.234,56 in pt-BR);
// the stored choice survives a reload and a new sign-in, and English stays the default.
const browser = useBrowser();
let context: BrowserContext | undefined;

/** The demo user's stored language, through the API (null: the browser's). */
async function setStoredLocale(locale: string | null) {
  const session = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
  }).then((r) => r.json() as Promise<{ data: { session: { accessToken: string } } }>);
  const res = await fetch(`${apiUrl}/v1/auth/me`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${session.data.session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ locale }),
  });
  expect(res.status).toBe(200);
}

// Other journeys log in as the demo user in English: leave the choice as it was found.
beforeAll(() => setStoredLocale(null));
afterAll(async () => {
  await context?.close();
  await setStoredLocale(null);
});

async function choose(dialog: Locator, label: string, text: string) {
  const select = dialog.getByLabel(label, { exact: true });
  await select.locator('option', { hasText: text }).first().waitFor({ state: 'attached' });
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}

type Words = {
  newPayment: string;
  from: string;
  to: string;
  currency: string;
  amount: string;
  totalDebited: string;
  confirm: string;
  completed: RegExp;
  done: string;
};

/** New payment → a quote → confirm → the status until it completes; `typed` as a person in that language types it. */
async function payOut(page: Page, w: Words, typed: string, shown: RegExp) {
  await page.getByRole('button', { name: w.newPayment }).first().click();
  const dialog = page.getByRole('dialog', { name: w.newPayment });
  await choose(dialog, w.from, 'TechCorp Inc');
  await choose(dialog, w.to, 'Treasury wallet');
  await dialog.getByLabel(w.currency, { exact: true }).selectOption('USDC');
  await dialog.getByLabel(w.amount, { exact: true }).fill(typed);
  await dialog.getByTestId('quote').waitFor();
  expect(await dialog.getByTestId('quote').textContent()).toContain(w.totalDebited);
  expect(await dialog.getByTestId('quote').textContent()).toMatch(shown);
  await dialog.getByRole('button', { name: w.confirm }).click();
  await dialog.getByTestId('payment-result').waitFor();
  expect(await dialog.getByTestId('payment-result').textContent()).toMatch(shown);
  await expect.poll(() => dialog.getByTestId('payment-result').textContent(), { timeout: 15_000 }).toMatch(w.completed);
  return dialog;
}

describe('Spanish and Portuguese (#20 §6)', () => {
  it('is English for an English browser with no stored choice', async () => {
    context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, webUrl, '/transfers');
    await page.getByRole('heading', { name: 'Transfers', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('switches to Spanish from the user menu without a reload, pays out in Spanish, and keeps the choice after a reload and a new sign-in', async () => {
    const page = context?.pages()[0] as Page;
    let loads = 0;
    page.on('load', () => loads++);
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Español (Latinoamérica)' }).click();
    await page.getByRole('heading', { name: 'Transferencias', level: 1 }).waitFor();
    expect(loads).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('es-419');
    expect(await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Inicio' }).count()).toBe(1);

    const dialog = await payOut(
      page,
      {
        newPayment: 'Nuevo pago',
        from: 'Cuenta de origen',
        to: 'Para',
        currency: 'Moneda',
        amount: 'Monto',
        totalDebited: 'Total debitado',
        confirm: 'Confirmar pago',
        completed: /completada/,
        done: 'Listo',
      },
      '1234.56',
      /1,234\.56 USDC/,
    );
    expect(await dialog.getByTestId('payment-result').textContent()).toMatch(/^Pago de 1,234\.56 USDC creado\./);
    await screenshot(page, 'i18n-es-payment');
    await dialog.getByRole('button', { name: 'Listo' }).click();
    // The dialog lives in the URL (?new=1): reload once it is closed, or the reload opens it again.
    await page.waitForURL((url) => !url.searchParams.has('new'));

    await page.reload();
    await page.getByRole('heading', { name: 'Transferencias', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Menú de usuario' }).click();
    await page.getByRole('menuitem', { name: 'Cerrar sesión' }).click();
    // Signed out, the page follows the browser again (English here); signed in, the stored choice.
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await login(page, webUrl, '/transfers');
    await page.getByRole('heading', { name: 'Transferencias', level: 1 }).waitFor();
    await page.close();
  });

  it('follows a Portuguese browser when nothing is stored: pays out typing 1.234,56 and shows it that way', async () => {
    await setStoredLocale(null);
    await context?.close();
    context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(`${webUrl}/login?next=${encodeURIComponent('/transfers')}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await page.getByLabel('E-mail').fill(DEMO.email);
    await page.getByLabel('Senha').fill(DEMO.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL((url) => url.pathname === '/transfers');
    await page.getByRole('heading', { name: 'Transferências', level: 1 }).waitFor();

    const dialog = await payOut(
      page,
      {
        newPayment: 'Novo pagamento',
        from: 'Conta de origem',
        to: 'Para',
        currency: 'Moeda',
        amount: 'Valor',
        totalDebited: 'Total debitado',
        confirm: 'Confirmar pagamento',
        completed: /concluída/,
        done: 'Concluir',
      },
      '1.234,56',
      /1\.234,56 USDC/,
    );
    expect(await dialog.getByTestId('payment-result').textContent()).toMatch(/^Pagamento de 1\.234,56 USDC criado\./);
    await screenshot(page, 'i18n-pt-payment');
    await dialog.getByRole('button', { name: 'Concluir' }).click();
    await page.waitForURL((url) => !url.searchParams.has('new'));
    await page.reload();
    await page.getByRole('heading', { name: 'Transferências', level: 1 }).waitFor();
  });
});
