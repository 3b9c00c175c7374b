import type { Approval, ApprovalObjectType, Me } from '@payos/contracts';
import { labelsOf, translate } from '@/i18n/active';

/** How many of these approvals the user can decide now (the API's `canDecide`). */
export const countDecidable = (approvals: readonly Pick<Approval, 'canDecide'>[]) => approvals.filter((a) => a.canDecide).length;

/** The sidebar badge's text: nothing for 0, the count up to 99, then "99+". */
export const badgeCount = (count: number): string | null => (count <= 0 ? null : count > 99 ? '99+' : String(count));

/** What an approval decides on, as a sentence names it. */
export const OBJECT_NOUNS = { transfer: 'transfer', schedule: 'schedule', stream: 'stream' } as const satisfies Record<
  ApprovalObjectType,
  string
>;

/** Approvals so far, of those the policy asks for. */
export const approvalsSoFar = (a: Pick<Approval, 'decisions'>) => a.decisions.filter((d) => d.decision === 'approved').length;

/**
 * Why the user cannot approve or deny a pending approval — the rules the API applies (its
 * `canDecide`), said in a few words — or undefined when they can. Not pending: nothing to explain.
 */
export function whyNotDecidable(
  a: Pick<Approval, 'status' | 'canDecide' | 'approverRole' | 'initiatedBy' | 'decisions' | 'objectType'>,
  me: Pick<Me, 'role'> & { user: Pick<Me['user'], 'id'> },
): string | undefined {
  if (a.canDecide || a.status !== 'pending') return undefined;
  const t = translate('approvals');
  const noun = a.objectType;
  if (a.initiatedBy.type === 'user' && a.initiatedBy.id === me.user.id) return t('why.selfStarted', { noun });
  if (a.decisions.some((d) => d.userId === me.user.id)) return t('why.alreadyApproved', { noun });
  if (a.approverRole === 'owner' && me.role !== 'owner') return t('why.needsOwner');
  if (me.role !== 'owner' && me.role !== 'admin') return t('why.needsAdmin');
  return t('why.cannot');
}

/** "in 2 days", "in 5 hours", "in 12 minutes" — or "expired" once past. */
export function expiresIn(expiresAt: string, nowMs = Date.now()): string {
  const t = translate('approvals');
  const ms = Date.parse(expiresAt) - nowMs;
  if (ms <= 0) return t('expires.expired');
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return t('expires.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('expires.hours', { count: hours });
  return t('expires.days', { count: Math.floor(hours / 24) });
}

/** What an approval did, as the toast says it: the object after the decision, or that it needs more approvals. */
export function approvedMessage(a: Pick<Approval, 'status' | 'transfer' | 'schedule' | 'stream'>): string {
  const t = translate('approvals');
  if (a.status === 'pending') return t('approved.needsMore');
  if (a.transfer) return t(a.transfer.type === 'payout' ? 'approved.payout' : 'approved.transfer');
  if (a.schedule) return t('approved.schedule');
  if (a.stream) return t('approved.stream');
  return t('approved.plain');
}

/** What a denial did, per object: a transfer's hold voided, a schedule ended before any run, a stream's funding refunded. */
export const DENIED_MESSAGES: Readonly<Record<ApprovalObjectType, string>> = labelsOf('approvals.denied', [
  'transfer',
  'schedule',
  'stream',
]);
