import type { Stream } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { labelsOf, translate } from '@/i18n/active';

export const HealthBadge = ({ health }: { health: Stream['health'] }) => (
  <Badge tone={health === 'healthy' ? 'green' : health === 'warning' ? 'amber' : 'red'}>{translate('streams')(`health.${health}`)}</Badge>
);

const STATUS_TONES: Record<Stream['status'], Tone> = {
  requires_approval: 'amber',
  active: 'blue',
  paused: 'amber',
  depleted: 'neutral',
  cancelled: 'neutral',
  denied: 'red',
  expired: 'neutral',
};

/** A status as people read it: `requires_approval` is "Waiting for approval" (funded, not flowing until approved). */
export const STREAM_STATUS_LABELS: Readonly<Record<Stream['status'], string>> = labelsOf('streams.status', [
  'requires_approval',
  'active',
  'paused',
  'depleted',
  'cancelled',
  'denied',
  'expired',
]);

export const StreamStatusBadge = ({ status }: { status: Stream['status'] }) => (
  <Badge tone={STATUS_TONES[status]}>{STREAM_STATUS_LABELS[status]}</Badge>
);

/** 4 d 3 h, 5 h 12 m, 40 s. */
export function runway(seconds: number | null) {
  if (seconds === null) return '∞';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} m` : m > 0 ? `${m} m` : `${seconds} s`;
}
