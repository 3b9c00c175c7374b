import type { Dispute } from '@payos/contracts';

const DAY_MS = 86_400_000;
/** As the API's `dueSoon=true`: open or under review and due within this many days. */
export const DUE_SOON_DAYS = 7;

export type DueState = { kind: 'none' } | { kind: 'soon'; days: number } | { kind: 'overdue'; days: number };

/**
 * Whether an unanswered or unresolved dispute needs attention: `overdue` once its response date has
 * passed, `soon` when it is due within DUE_SOON_DAYS; only open disputes and disputes under review
 * (escalated and resolved ones have left the respondent's hands). `days` counts started days: due in
 * 20 hours is "1 day", overdue by 26 hours is "2 days".
 */
export function dueState(dispute: Pick<Dispute, 'status' | 'dueAt'>, now: number = Date.now()): DueState {
  if (dispute.status !== 'open' && dispute.status !== 'under_review') return { kind: 'none' };
  const left = Date.parse(dispute.dueAt) - now;
  if (Number.isNaN(left)) return { kind: 'none' };
  if (left < 0) return { kind: 'overdue', days: Math.max(1, Math.ceil(-left / DAY_MS)) };
  if (left <= DUE_SOON_DAYS * DAY_MS) return { kind: 'soon', days: Math.max(1, Math.ceil(left / DAY_MS)) };
  return { kind: 'none' };
}

/** A respondent can still answer: the dispute is open and not yet due. */
export const canRespond = (dispute: Pick<Dispute, 'status' | 'dueAt'>, now: number = Date.now()) =>
  dispute.status === 'open' && Date.parse(dispute.dueAt) >= now;
export const canResolve = (dispute: Pick<Dispute, 'status'>) => dispute.status !== 'resolved';
export const canEscalate = (dispute: Pick<Dispute, 'status'>) => dispute.status === 'open' || dispute.status === 'under_review';
