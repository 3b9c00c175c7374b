import { OVERVIEW_DAYS, OVERVIEW_LIST_SIZE, type Overview } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { toUsd, usdRates } from '../limits/limits.service.js';
import { presentStream } from '../streams/streams.service.js';
import { listPage } from '../transfers/transfers.service.js';
import * as repo from './reports.repo.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const usd = (amount: Amount) => amount.toFixed(2);

/**
 * Everything the dashboard's home page shows, in one read: balances per currency, 30 days of completed
 * volume per UTC day (USD-equivalent at the FX provider's rates, so currencies can share one chart),
 * completed payout volume per corridor, payouts pending / processing / failed, and the latest transfers.
 * Errors: 503 rates_unavailable (the provider cannot price a currency with volume).
 */
export async function overview(tx: Queryable, deps: Pick<AppDeps, 'clock' | 'fx'>): Promise<Overview> {
  const now = deps.clock.now();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (OVERVIEW_DAYS - 1) * DAY_MS);
  const [balances, daily, corridors, payouts, recent, streams] = await Promise.all([
    repo.balanceTotals(tx),
    repo.dailyVolume(tx, since),
    repo.corridorVolume(tx, since),
    repo.payoutCounts(tx, since),
    listPage(tx, {}, { limit: OVERVIEW_LIST_SIZE }),
    repo.activeStreams(tx),
  ]);
  const rates = await usdRates(deps.fx.provider, [...daily.map((r) => r.currency), ...corridors.map((c) => c.from_currency)]);
  // Streams needing attention: live figures, the shortest runway first.
  const live = streams.map((row) => presentStream(row, now));
  const attention = live
    .filter((s) => s.status === 'active' && s.health !== 'healthy')
    .sort((a, b) => (a.runwaySeconds ?? 0) - (b.runwaySeconds ?? 0));

  const days = Array.from({ length: OVERVIEW_DAYS }, (_, i) => new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  const byDay = new Map(days.map((d) => [d, { count: 0, volume: new Money(0) }]));
  for (const row of daily) {
    const day = byDay.get(row.day);
    if (!day) continue;
    day.count += row.count;
    day.volume = day.volume.plus(toUsd(new Money(row.amount), row.currency, rates));
  }

  return {
    currency: 'USD',
    balances: balances.map((b) => ({
      currency: b.currency,
      available: formatAmount(b.available, b.currency),
      pending: formatAmount(b.pending, b.currency),
      inStreams: formatAmount(b.in_streams, b.currency),
      total: formatAmount(new Money(b.available).plus(b.pending).plus(b.in_streams).toFixed(), b.currency),
      accounts: b.accounts,
    })),
    volume: days.map((date) => {
      const d = byDay.get(date) as { count: number; volume: Amount };
      return { date, count: d.count, volumeUsd: usd(d.volume) };
    }),
    corridors: corridors
      .map((c) => ({
        id: `${c.from_currency}_${c.to_currency}`,
        fromCurrency: c.from_currency,
        toCurrency: c.to_currency,
        count: c.count,
        volume: formatAmount(c.amount, c.from_currency),
        destinationVolume: formatAmount(c.destination_amount, c.to_currency as Currency),
        volumeUsd: usd(toUsd(new Money(c.amount), c.from_currency, rates)),
      }))
      .sort((a, b) => new Money(b.volumeUsd).comparedTo(a.volumeUsd) || a.id.localeCompare(b.id)),
    payouts,
    streams: {
      active: live.filter((s) => s.status === 'active').length,
      warning: attention.filter((s) => s.health === 'warning').length,
      critical: attention.filter((s) => s.health === 'critical').length,
      needingAttention: attention.slice(0, OVERVIEW_LIST_SIZE).map((s) => ({
        id: s.id,
        description: s.description,
        health: s.health,
        runwaySeconds: s.runwaySeconds,
        ratePerMonth: s.ratePerMonth,
        currency: s.currency,
      })),
    },
    recentTransfers: recent.data,
  };
}
