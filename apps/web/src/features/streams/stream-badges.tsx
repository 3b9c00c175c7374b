import type { Stream } from '@payos/contracts';
import { Badge } from '@payos/ui';

export const HealthBadge = ({ health }: { health: Stream['health'] }) => (
  <Badge tone={health === 'healthy' ? 'green' : health === 'warning' ? 'amber' : 'red'}>{health}</Badge>
);

export const StreamStatusBadge = ({ status }: { status: Stream['status'] }) => (
  <Badge tone={status === 'active' ? 'blue' : status === 'paused' ? 'amber' : 'neutral'}>{status}</Badge>
);

/** 4 d 3 h, 5 h 12 m, 40 s. */
export function runway(seconds: number | null) {
  if (seconds === null) return '∞';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} m` : m > 0 ? `${m} m` : `${seconds} s`;
}
