'use client';

import type { Overview } from '@payos/contracts';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DISPLAY_LOCALE, money } from '@/lib/format';

// Chart geometry only: the figures shown in text and tooltips come from the API's decimal strings.
const plotValue = (decimal: string) => Number.parseFloat(decimal);
/** Axis ticks read 16K, 1.5M (1,5 mi in pt-BR) — grouped and in the display locale, never "16000". */
const formatTick = (value: number) =>
  new Intl.NumberFormat(DISPLAY_LOCALE, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
/** A day of the chart ("2026-03-05") as the locale writes it short: 03/05, 05/03. */
const dayTick = (isoDate: string) =>
  new Date(`${isoDate}T00:00:00Z`).toLocaleDateString(DISPLAY_LOCALE, { month: '2-digit', day: '2-digit', timeZone: 'UTC' });

export function VolumeChart({ volume }: { volume: Overview['volume'] }) {
  const t = useTranslations('overview');
  const data = volume.map((d) => ({ date: dayTick(d.date), volume: plotValue(d.volumeUsd), label: d.volumeUsd, count: d.count }));
  return (
    <div className="h-56" role="img" aria-label={t('volumeChart')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: 0, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="date" tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} interval={4} />
          <YAxis tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} width={60} tickFormatter={formatTick} />
          <Tooltip
            cursor={{ fill: 'var(--muted)' }}
            contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)', fontSize: 12 }}
            formatter={(_v, _n, item) => [
              t('transfersTip', { amount: money(item.payload.label, 'USD'), count: item.payload.count }),
              t('volume'),
            ]}
          />
          <Bar dataKey="volume" fill="var(--primary)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function CorridorChart({ corridors }: { corridors: Overview['corridors'] }) {
  const t = useTranslations('overview');
  const data = corridors.map((c) => ({
    corridor: `${c.fromCurrency}→${c.toCurrency}`,
    volume: plotValue(c.volumeUsd),
    label: c.volumeUsd,
    count: c.count,
  }));
  return (
    <div className="h-56" role="img" aria-label={t('corridorChart')}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 16, right: 8 }}>
          <XAxis type="number" tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} tickFormatter={formatTick} />
          <YAxis type="category" dataKey="corridor" tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} width={90} />
          <Tooltip
            cursor={{ fill: 'var(--muted)' }}
            contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)', fontSize: 12 }}
            formatter={(_v, _n, item) => [
              t('payoutsTip', { amount: money(item.payload.label, 'USD'), count: item.payload.count }),
              t('volume'),
            ]}
          />
          <Bar dataKey="volume" fill="var(--primary)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
