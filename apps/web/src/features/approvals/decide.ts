import type { Approval, ApprovalObjectType, Me } from '@payos/contracts';

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
  const noun = OBJECT_NOUNS[a.objectType];
  if (a.initiatedBy.type === 'user' && a.initiatedBy.id === me.user.id) return `You started this ${noun}: someone else must decide it.`;
  if (a.decisions.some((d) => d.userId === me.user.id)) return `You already approved this ${noun}; it needs someone else too.`;
  if (a.approverRole === 'owner' && me.role !== 'owner') return 'Needs an owner.';
  if (me.role !== 'owner' && me.role !== 'admin') return 'Needs an admin or owner.';
  return 'You cannot decide this one.';
}

/** "in 2 days", "in 5 hours", "in 12 minutes" — or "expired" once past. */
export function expiresIn(expiresAt: string, nowMs = Date.now()): string {
  const ms = Date.parse(expiresAt) - nowMs;
  if (ms <= 0) return 'expired';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `in ${days} days`;
}

/** What an approval did, as the toast says it: the object after the decision, or that it needs more approvals. */
export function approvedMessage(a: Pick<Approval, 'status' | 'transfer' | 'schedule' | 'stream'>): string {
  if (a.status === 'pending') return 'Approved; it still needs another approval.';
  if (a.transfer) return `Approved: the ${a.transfer.type === 'payout' ? 'payout is on its way' : 'transfer is complete'}.`;
  if (a.schedule) return 'Approved: the schedule is active and runs on its dates.';
  if (a.stream) return 'Approved: the stream is flowing.';
  return 'Approved.';
}

/** What a denial did, per object: a transfer's hold voided, a schedule ended before any run, a stream's funding refunded. */
export const DENIED_MESSAGES = {
  transfer: 'Transfer denied; the held funds are available again.',
  schedule: 'Schedule denied; it will not run.',
  stream: 'Stream denied; its funding is back with the sender.',
} as const satisfies Record<ApprovalObjectType, string>;
