import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, login, screenshot } from './browser.js';
import { apiUrl, useBrowser, webUrl } from './demo.js';

/**
 * Accessibility (#20 §10): axe-core (WCAG 2.0–2.2 A and AA rules) on every dashboard page — signed out,
 * signed in, a drawer and a dialog open, the 404s — in light and dark mode at 1280 × 900 and 375 × 667:
 * no serious or critical violation (a failure lists rule, impact, element and page); a screenshot of
 * each (`screenshots/a11y-<page>-<width>-<theme>.png`); the run's findings of any impact summed up by
 * rule at the end. Then the keyboard: Tab through the shell to the navigation with a visible focus at
 * every stop, Enter to follow a link and open a dialog, Tab kept inside it, Escape to close it and the
 * focus back on its button; the same for the menu at 375 px. One browser context, signed in once; a
 * page is loaded once, then resized and re-themed in place (in dark mode only the colour rules run:
 * nothing else depends on the theme).
 */
const browser = useBrowser();

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 375, height: 667 },
] as const;
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

type Finding = { page: string; width: number; theme: Theme; rule: string; impact: string; target: string; detail: string };
const findings: Finding[] = [];

const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345', 'content-type': 'application/json' };
async function firstId(path: string): Promise<string> {
  const body = (await (await fetch(`${apiUrl}${path}`, { headers: KEY })).json()) as { data: { id: string }[] };
  const id = body.data[0]?.id;
  if (!id) throw new Error(`the demo data has nothing at ${path}`);
  return id;
}
/** A webhook endpoint (the demo seed has none; only a user may add one), for its detail page. */
async function webhookEndpointId(): Promise<string> {
  const login = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
  });
  const session = (await login.json()) as { data: { session: { accessToken: string } } };
  const res = await fetch(`${apiUrl}/v1/webhook-endpoints`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.data.session.accessToken}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ url: 'https://hooks.example.com/payos', enabledEvents: ['transfer.*'], description: 'Accessibility check' }),
  });
  const body = (await res.json()) as { data: { id: string } };
  if (res.status !== 201) throw new Error(`creating a webhook endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data.id;
}

/** Wait until the page has drawn its data: no skeleton, no busy region, the network quiet (briefly). */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => {});
  await expect
    .poll(() => page.locator('.animate-pulse, [aria-busy="true"], [role="status"][aria-label="Loading"]').count(), { timeout: 15_000 })
    .toBe(0);
}

/** Two frames: what a resize or a theme change sets off (resize observers, re-renders) has been drawn. */
const nextFrames = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

/** Light or dark as the theme script would have chosen it: the `dark` class on <html> and the media feature. */
async function setTheme(page: Page, theme: Theme) {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate(`document.documentElement.classList.toggle('dark', ${theme === 'dark'})`);
  // Buttons fade their colours (transition-colors, 150 ms): measure contrast after the fade.
  await page.waitForTimeout(200);
}

function describeNode(rule: string, node: { any: { data?: unknown }[]; failureSummary?: string }) {
  const data = node.any.find((c) => c.data)?.data as
    | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string }
    | undefined;
  if (rule === 'color-contrast' && data?.fgColor) {
    return `${data.fgColor} on ${data.bgColor}: ${data.contrastRatio} (needs ${data.expectedContrastRatio})`;
  }
  return (node.failureSummary ?? '').split('\n').slice(1, 3).join(' ').trim();
}

/** axe on the page as it is now; every finding recorded, the blocking ones returned as readable lines. */
async function audit(page: Page, name: string, width: number, theme: Theme): Promise<string[]> {
  // Only colours change with the theme: in dark mode the colour rules, in light mode every rule.
  const axe = new AxeBuilder({ page });
  const result = await (theme === 'dark' ? axe.withRules(COLOUR_RULES) : axe.withTags(TAGS)).analyze();
  const lines: string[] = [];
  for (const violation of result.violations) {
    for (const node of violation.nodes) {
      const finding: Finding = {
        page: name,
        width,
        theme,
        rule: violation.id,
        impact: node.impact ?? violation.impact ?? 'unknown',
        target: node.target.join(' '),
        detail: describeNode(violation.id, node),
      };
      findings.push(finding);
      if (BLOCKING.has(finding.impact)) {
        lines.push(`${name} @${width} ${theme}: ${finding.rule} (${finding.impact}) ${finding.target} — ${finding.detail}`);
      }
    }
  }
  return lines;
}

/** Each width in each theme, ordered so that the theme changes once per page. */
const COMBINATIONS = [
  { viewport: WIDTHS[0], theme: 'light' },
  { viewport: WIDTHS[1], theme: 'light' },
  { viewport: WIDTHS[1], theme: 'dark' },
  { viewport: WIDTHS[0], theme: 'dark' },
] as const;

/** The page as it stands, at both widths in both themes: axe and a screenshot each; then back to 1280, light. */
async function auditEverywhere(page: Page, name: string) {
  const lines: string[] = [];
  let theme: Theme = 'light';
  for (const combination of COMBINATIONS) {
    if (combination.theme !== theme) {
      theme = combination.theme;
      await setTheme(page, theme);
    }
    await page.setViewportSize(combination.viewport);
    await nextFrames(page);
    lines.push(...(await audit(page, name, combination.viewport.width, theme)));
    await screenshot(page, `a11y-${name}-${combination.viewport.width}-${theme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' }); // the next page loads in light
  expect(lines, `${lines.length} serious or critical axe violations:\n${lines.join('\n')}\n`).toEqual([]);
}

type Stop = { name: string; path: string | (() => string); open?: (page: Page) => Promise<void> };

const ids: Record<string, string> = {};
const DASHBOARD: Stop[] = [
  { name: 'home', path: '/' },
  { name: 'accounts', path: '/accounts' },
  { name: 'account', path: () => `/accounts/${ids.account}` },
  { name: 'account-ledger', path: () => `/accounts/${ids.account}?tab=ledger` },
  { name: 'transfers', path: '/transfers' },
  {
    name: 'new-payment',
    path: '/transfers?new=1',
    open: async (page) => {
      await page.getByRole('dialog', { name: 'New payment' }).waitFor();
    },
  },
  {
    name: 'transfer-drawer',
    path: () => `/transfers?transfer=${ids.transfer}`,
    open: async (page) => {
      await page.getByRole('dialog', { name: 'Transfer', exact: true }).waitFor();
    },
  },
  { name: 'approvals', path: '/approvals' },
  { name: 'reviews', path: '/reviews' },
  { name: 'refunds', path: '/refunds' },
  { name: 'disputes', path: '/disputes' },
  { name: 'dispute', path: () => `/disputes/${ids.dispute}` },
  { name: 'schedules', path: '/schedules' },
  { name: 'streams', path: '/streams' },
  { name: 'stream', path: () => `/streams/${ids.stream}` },
  { name: 'agents', path: '/agents' },
  { name: 'agent', path: () => `/agents/${ids.agent}` },
  { name: 'webhooks', path: '/webhooks' },
  { name: 'webhook', path: () => `/webhooks/${ids.webhook}` },
  { name: 'events', path: '/events' },
  { name: 'api-keys', path: '/api-keys' },
  { name: 'team', path: '/team' },
  { name: 'settings', path: '/settings' },
  { name: 'settings-controls', path: '/settings?tab=controls' },
  { name: 'not-found', path: '/no-such-page' },
  { name: 'account-not-found', path: '/accounts/00000000-0000-4000-8000-000000000000' },
];

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [ids.account, ids.transfer, ids.dispute, ids.stream, ids.agent, ids.webhook] = await Promise.all([
    firstId('/v1/accounts?search=TechCorp'),
    firstId('/v1/transfers?type=payout&status=completed&limit=1'),
    firstId('/v1/disputes?limit=1'),
    firstId('/v1/streams?limit=1'),
    firstId('/v1/agents?limit=1'),
    webhookEndpointId(),
  ]);
  context = await browser().newContext({ viewport: WIDTHS[0], colorScheme: 'light' });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  // A summary of everything axe reported (blocking or not), by rule: what the run's screenshots go with.
  const byRule = new Map<string, { impact: string; count: number; pages: Set<string> }>();
  for (const f of findings) {
    const entry = byRule.get(f.rule) ?? { impact: f.impact, count: 0, pages: new Set<string>() };
    entry.count += 1;
    entry.pages.add(f.page);
    byRule.set(f.rule, entry);
  }
  if (byRule.size === 0) {
    console.log('[a11y] axe: no violations of any impact');
    return;
  }
  console.log('[a11y] axe violations by rule (nodes, all pages, widths and themes):');
  for (const [rule, { impact, count, pages }] of [...byRule].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`  ${rule} (${impact}): ${count} — ${[...pages].join(', ')}`);
  }
});

describe('accessibility: axe on every page, light and dark, 1280 and 375', () => {
  for (const [name, path] of [
    ['login', '/login'],
    ['signup', '/signup'],
    ['accept-invite', '/accept-invite'],
  ] as const) {
    it(`${name} (signed out)`, async () => {
      await page.goto(`${webUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await settle(page);
      await auditEverywhere(page, name);
    });
  }

  it('signs in as the demo user', async () => {
    await login(page, webUrl, '/');
  });

  for (const stop of DASHBOARD) {
    it(stop.name, async () => {
      await page.goto(`${webUrl}${typeof stop.path === 'function' ? stop.path() : stop.path}`);
      // A modal drawer hides the page behind it from the accessibility tree, its heading too.
      await (stop.open ? stop.open(page) : page.getByRole('heading', { level: 1 }).first().waitFor());
      await settle(page);
      await auditEverywhere(page, stop.name);
    });
  }

  it('the mobile menu (375)', async () => {
    await page.goto(`${webUrl}/transfers`);
    await page.setViewportSize(WIDTHS[1]);
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await settle(page);
    const lines: string[] = [];
    for (const theme of THEMES) {
      await setTheme(page, theme);
      lines.push(...(await audit(page, 'mobile-menu', 375, theme)));
      await screenshot(page, `a11y-mobile-menu-375-${theme}`);
    }
    await page.setViewportSize(WIDTHS[0]);
    await setTheme(page, 'light');
    expect(lines, `${lines.length} serious or critical axe violations:\n${lines.join('\n')}\n`).toEqual([]);
  });
});

/** What has the keyboard focus: its role-ish tag, a name, and whether it shows a focus indicator (outline or ring). */
type Focus = { id: string; hasIndicator: boolean; isOnScreen: boolean } | null;
// Runs in the page (a string: the tests' TypeScript has no DOM library).
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shows = (e) => {
    if (!e) return false;
    const style = getComputedStyle(e);
    return (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  };
  const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const href = element.getAttribute('href');
  const box = element.getBoundingClientRect();
  return {
    id: element.tagName.toLowerCase() + (href ? '[href=' + href + ']' : '') + ' "' + name + '"',
    // An sr-only radio shows its focus on the label around it.
    hasIndicator: shows(element) || (element.matches('input.sr-only') && shows(element.parentElement)),
    isOnScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
})()`;
const focused = (page: Page) => page.evaluate<Focus>(FOCUSED);

/** Tab from the top of the page until `until` has the focus (or `max` presses): every stop shows where it is. */
async function tabUntil(page: Page, until: (id: string) => boolean, max = 60) {
  const stops: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    stops.push(f.id);
    if (!f.hasIndicator) problems.push(`${f.id}: no visible focus indicator`);
    if (!f.isOnScreen) problems.push(`${f.id}: focused off screen`);
    if (until(f.id)) return { stops, problems, reached: true };
  }
  return { stops, problems, reached: false };
}

describe('keyboard', () => {
  it('Tab reaches the main navigation through the shell, every stop visibly focused; Enter follows a link', async () => {
    await page.setViewportSize(WIDTHS[0]);
    await page.goto(`${webUrl}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await settle(page);
    const walk = await tabUntil(page, (id) => id.startsWith('a[href=/accounts] "Accounts'));
    expect(walk.reached, `the Accounts link was not reached by Tab; stops: ${walk.stops.join(' → ')}`).toBe(true);
    expect(walk.problems).toEqual([]);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/accounts');
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  });

  it('Enter opens the New account dialog, Tab stays inside it, Escape closes it and gives the focus back', async () => {
    await settle(page);
    const walk = await tabUntil(page, (id) => id.startsWith('button "New account'));
    expect(walk.reached, `New account was not reached by Tab; stops: ${walk.stops.join(' → ')}`).toBe(true);
    expect(walk.problems).toEqual([]);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New account' });
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate<boolean>(`Boolean(document.activeElement?.closest('[role="dialog"]'))`)).toBe(true);
      expect((await focused(page))?.hasIndicator, `${(await focused(page))?.id} shows no focus`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page))?.id).toMatch(/^button "New account/);
  });

  it('at 375 Enter on the menu button opens the navigation, the focus moves into it, Escape closes it and gives the focus back', async () => {
    await page.setViewportSize(WIDTHS[1]);
    await page.goto(`${webUrl}/transfers`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await settle(page);
    const walk = await tabUntil(page, (id) => id.startsWith('button "Open menu'));
    expect(walk.reached, `Open menu was not reached by Tab; stops: ${walk.stops.join(' → ')}`).toBe(true);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    const toNav = await tabUntil(page, (id) => id.startsWith('a[href=/schedules]'), 30);
    expect(toNav.reached, `the menu's links were not reached by Tab; stops: ${toNav.stops.join(' → ')}`).toBe(true);
    expect(toNav.problems).toEqual([]);
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page))?.id).toBe('button "Open menu"');
    await page.setViewportSize(WIDTHS[0]);
  });
});
