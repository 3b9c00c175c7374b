import type { Review, Role } from '@payos/contracts';
import { translate } from '@/i18n/active';

export type ReviewVerb = 'assign' | 'approve' | 'reject' | 'escalate' | 'dismiss';

const ACTIVE = ['open', 'in_review', 'escalated'] as const;
const isActive = (status: Review['status']) => (ACTIVE as readonly string[]).includes(status);

/**
 * What the user may do with an item, as the API's transitions (reviews.service) allow it: admins and
 * owners decide; assign and decide while it is active; escalate while open or in review; dismiss unless
 * it holds its transfer (that one is approved or rejected). The API still has the last word.
 */
export function allowedActions(review: Pick<Review, 'status' | 'holdsTransfer' | 'assignee'>, role: Role, userId: string): ReviewVerb[] {
  if (role !== 'owner' && role !== 'admin') return [];
  if (!isActive(review.status)) return [];
  const verbs: ReviewVerb[] = [];
  if (review.assignee?.id !== userId) verbs.push('assign');
  verbs.push('approve', 'reject');
  if (review.status !== 'escalated') verbs.push('escalate');
  if (!review.holdsTransfer) verbs.push('dismiss');
  return verbs;
}

const DAY_MS = 86_400_000;

/** "due in 3 days" / "overdue by 2 days" (started days), for an active item; null otherwise. */
export function dueLabel(review: Pick<Review, 'status' | 'dueAt' | 'isOverdue'>, now: number = Date.now()): string | null {
  if (!isActive(review.status)) return null;
  const left = Date.parse(review.dueAt) - now;
  const days = Math.max(1, Math.ceil(Math.abs(left) / DAY_MS));
  const t = translate('reviews');
  return review.isOverdue || left < 0 ? t('due.overdue', { days }) : t('due.dueIn', { days });
}
