import { CURRENCY_CODES, type CurrencyCode, SEARCH_RESULT_TYPES, type SearchResult } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { formatAmount } from '@payos/money';
import * as repo from './search.repo.js';

/* ── Reading a query ──────────────────────────────────────────────────────── */

/** The most digits before the point an amount column holds (numeric(30, 8)). */
const MAX_INTEGER_DIGITS = 22;
const MAX_FRACTION_DIGITS = 8;

/** `1250.50` as the database writes the amount's term: no leading zeros, no trailing fraction zeros. */
function canonicalDecimal(integer: string, fraction: string): string | null {
  const whole = integer.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  if (whole.length > MAX_INTEGER_DIGITS || fraction.length > MAX_FRACTION_DIGITS) return null;
  return decimals ? `${whole}.${decimals}` : whole;
}

/**
 * The amounts a query can mean, as `=<amount>` terms, and the currency it names. Accepts the English
 * form (`1,250.50`, `1250.5`) and the Spanish/Portuguese one (`1.250,50`, `150,50`), with an optional
 * `$` and a currency code before or after (`USD 1,250.50`, `1250.50 usdc`); a form both readings accept
 * (`1,250`, `1.250`) is searched both ways. Anything else is no amount (its words are still searched).
 */
export function amountOf(query: string): { terms: string[]; currency: CurrencyCode | null } | null {
  const match = /^(?:([a-z]{3,4})\s*)?\$?\s*(\d[\d.,]*)\s*(?:([a-z]{3,4}))?$/i.exec(query);
  if (!match) return null;
  const [, before, body = '', after] = match;
  if (before && after) return null;
  const code = (before ?? after)?.toUpperCase();
  if (code !== undefined && !(CURRENCY_CODES as readonly string[]).includes(code)) return null;
  const readings: (string | null)[] = [];
  // English: commas group thousands, a point starts the fraction.
  const english = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(body);
  if (english) readings.push(canonicalDecimal((english[1] ?? '').replaceAll(',', ''), english[2] ?? ''));
  // Spanish and Portuguese: points group thousands, a comma starts the fraction.
  const latin = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(body);
  if (latin) readings.push(canonicalDecimal((latin[1] ?? '').replaceAll('.', ''), latin[2] ?? ''));
  const terms = [...new Set(readings.filter((r): r is string => r !== null))].map((r) => `=${r}`);
  return terms.length ? { terms, currency: (code as CurrencyCode | undefined) ?? null } : null;
}

const UUID_TEMPLATE = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';
/** The fewest hex digits an id prefix needs: fewer match too many ids to mean one. */
const MIN_ID_PREFIX_DIGITS = 4;

/**
 * The ids a query is the beginning of (`3f2a`, `3f2a9c1e-7b`, or a whole id, any case): the range from
 * the prefix padded with 0s to the prefix padded with fs. Null if the query is not the start of an id.
 */
export function idRangeOf(query: string): { low: string; high: string } | null {
  const text = query.toLowerCase();
  if (text.length > UUID_TEMPLATE.length) return null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (UUID_TEMPLATE[i] === '-' ? char !== '-' : !/[0-9a-f]/.test(char)) return null;
  }
  const hex = text.replaceAll('-', '');
  if (hex.length < MIN_ID_PREFIX_DIGITS) return null;
  const asId = (digits: string) =>
    `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
  return { low: asId(hex.padEnd(32, '0')), high: asId(hex.padEnd(32, 'f')) };
}

/* ── Searching ────────────────────────────────────────────────────────────── */

function present(row: repo.SearchRow): SearchResult {
  const currency = row.currency as CurrencyCode | null;
  return {
    object: 'search_result',
    type: row.type,
    id: row.id,
    title: row.title,
    subtitle: row.subtitle || null,
    amount: row.amount !== null && currency !== null ? formatAmount(row.amount, currency) : null,
    currency,
    status: row.status,
    accountId: row.account_id,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Accounts, transfers, payment methods, agents, scheduled transfers and streams of the transaction's
 * tenant environment that `query` names (by words, id or amount): at most `limit` of each type, grouped
 * by type, exact id matches first, then newest first. `hasMore`: some type had more.
 */
export async function search(tx: Queryable, query: string, limit: number): Promise<{ data: SearchResult[]; hasMore: boolean }> {
  const text = query.normalize('NFC');
  const amount = amountOf(text);
  const rows = await repo.search(tx, {
    text,
    amountTerms: amount?.terms ?? [],
    currency: amount?.currency ?? null,
    idRange: idRangeOf(text),
    perType: limit + 1,
  });
  const byType = new Map<string, repo.SearchRow[]>();
  for (const row of rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row]);
  let hasMore = false;
  const data: SearchResult[] = [];
  for (const type of SEARCH_RESULT_TYPES) {
    const found = byType.get(type) ?? [];
    if (found.length > limit) hasMore = true;
    // The statement orders each type already; sorting again keeps the order whatever plan it ran.
    found.sort((a, b) => Number(b.by_id) - Number(a.by_id) || b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : -1));
    data.push(...found.slice(0, limit).map(present));
  }
  return { data, hasMore };
}
