import { describe, expect, it } from 'vitest';
import { allowedActions, dueLabel } from './actions';

const me = 'u1';
const item = (over: Partial<Parameters<typeof allowedActions>[0]> = {}) => ({
  status: 'open' as const,
  holdsTransfer: false,
  assignee: null,
  ...over,
});

describe('allowedActions', () => {
  it('gives admins and owners every move on an open item, members and viewers none', () => {
    expect(allowedActions(item(), 'admin', me)).toEqual(['assign', 'approve', 'reject', 'escalate', 'dismiss']);
    expect(allowedActions(item(), 'member', me)).toEqual([]);
    expect(allowedActions(item(), 'viewer', me)).toEqual([]);
  });
  it('follows the transitions: no escalate once escalated, no dismiss while it holds a transfer, nothing once decided', () => {
    expect(allowedActions(item({ status: 'escalated' }), 'owner', me)).toEqual(['assign', 'approve', 'reject', 'dismiss']);
    expect(allowedActions(item({ holdsTransfer: true }), 'owner', me)).toEqual(['assign', 'approve', 'reject', 'escalate']);
    expect(allowedActions(item({ status: 'approved' }), 'owner', me)).toEqual([]);
    expect(allowedActions(item({ status: 'blocked' }), 'owner', me)).toEqual([]);
  });
  it('does not offer to assign an item already assigned to the user', () => {
    expect(allowedActions(item({ status: 'in_review', assignee: { id: me, name: 'Me' } }), 'admin', me)).not.toContain('assign');
  });
});

describe('dueLabel', () => {
  const now = Date.parse('2026-01-10T00:00:00Z');
  it('counts started days to or past the due date, for active items only', () => {
    expect(dueLabel({ status: 'open', dueAt: '2026-01-12T12:00:00Z', isOverdue: false }, now)).toBe('due in 3 days');
    expect(dueLabel({ status: 'open', dueAt: '2026-01-09T12:00:00Z', isOverdue: true }, now)).toBe('overdue by 1 day');
    expect(dueLabel({ status: 'approved', dueAt: '2026-01-09T12:00:00Z', isOverdue: false }, now)).toBeNull();
  });
});
