import { describe, expect, it } from 'vitest';
import { approvedMessage, badgeCount, expiresIn, whyNotDecidable } from './decide';

const me = { role: 'admin' as const, user: { id: 'u1' } };
const pending = {
  status: 'pending' as const,
  objectType: 'transfer' as const,
  canDecide: false,
  approverRole: 'admin' as const,
  initiatedBy: { type: 'api_key' as const, id: 'k1', name: 'Backend' },
  decisions: [],
};

describe('approval decisions in the inbox', () => {
  it('caps the badge at 99+ and hides it at 0', () => {
    expect([0, 1, 99, 100, 1000].map(badgeCount)).toEqual([null, '1', '99', '99+', '99+']);
  });

  it('explains why a pending approval cannot be decided, in the order the API checks', () => {
    expect(whyNotDecidable({ ...pending, canDecide: true }, me)).toBeUndefined();
    expect(whyNotDecidable({ ...pending, status: 'approved' }, me)).toBeUndefined();
    expect(whyNotDecidable({ ...pending, initiatedBy: { type: 'user', id: 'u1', name: 'Me' } }, me)).toBe(
      'You started this transfer: someone else must decide it.',
    );
    // Said of what waits: a schedule or a stream too.
    expect(whyNotDecidable({ ...pending, objectType: 'schedule', initiatedBy: { type: 'user', id: 'u1', name: 'Me' } }, me)).toBe(
      'You started this schedule: someone else must decide it.',
    );
    const decided = { userId: 'u1', name: 'Me', decision: 'approved' as const, reason: null, at: '2026-01-01T00:00:00Z' };
    expect(whyNotDecidable({ ...pending, decisions: [decided] }, me)).toMatch(/already approved this transfer/);
    expect(whyNotDecidable({ ...pending, objectType: 'stream', decisions: [decided] }, me)).toMatch(/already approved this stream/);
    expect(whyNotDecidable({ ...pending, approverRole: 'owner' }, me)).toBe('Needs an owner.');
    expect(whyNotDecidable(pending, { ...me, role: 'member' })).toBe('Needs an admin or owner.');
  });

  it('says what an approval did to its object', () => {
    const none = { transfer: null, schedule: null, stream: null };
    expect(approvedMessage({ ...none, status: 'pending' })).toBe('Approved; it still needs another approval.');
    const transfer = (type: 'payout' | 'internal') => ({ type }) as Parameters<typeof approvedMessage>[0]['transfer'];
    expect(approvedMessage({ ...none, status: 'approved', transfer: transfer('payout') })).toBe('Approved: the payout is on its way.');
    expect(approvedMessage({ ...none, status: 'approved', transfer: transfer('internal') })).toBe('Approved: the transfer is complete.');
    const schedule = { status: 'active' } as Parameters<typeof approvedMessage>[0]['schedule'];
    expect(approvedMessage({ ...none, status: 'approved', schedule })).toMatch(/^Approved: the schedule is active/);
    const stream = { status: 'active' } as Parameters<typeof approvedMessage>[0]['stream'];
    expect(approvedMessage({ ...none, status: 'approved', stream })).toBe('Approved: the stream is flowing.');
  });

  it('says when an approval expires', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(expiresIn('2025-12-31T23:00:00Z', now)).toBe('expired');
    expect(expiresIn('2026-01-01T00:10:00Z', now)).toBe('in 10 minutes');
    expect(expiresIn('2026-01-01T05:00:00Z', now)).toBe('in 5 hours');
    expect(expiresIn('2026-01-04T00:00:00Z', now)).toBe('in 3 days');
  });
});
