import { describe, expect, it } from 'vitest';
import { badgeCount, expiresIn, whyNotDecidable } from './decide';

const me = { role: 'admin' as const, user: { id: 'u1' } };
const pending = {
  status: 'pending' as const,
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
    expect(whyNotDecidable({ ...pending, initiatedBy: { type: 'user', id: 'u1', name: 'Me' } }, me)).toMatch(/You started/);
    const decided = { userId: 'u1', name: 'Me', decision: 'approved' as const, reason: null, at: '2026-01-01T00:00:00Z' };
    expect(whyNotDecidable({ ...pending, decisions: [decided] }, me)).toMatch(/already approved/);
    expect(whyNotDecidable({ ...pending, approverRole: 'owner' }, me)).toBe('Needs an owner.');
    expect(whyNotDecidable(pending, { ...me, role: 'member' })).toBe('Needs an admin or owner.');
  });

  it('says when an approval expires', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(expiresIn('2025-12-31T23:00:00Z', now)).toBe('expired');
    expect(expiresIn('2026-01-01T00:10:00Z', now)).toBe('in 10 minutes');
    expect(expiresIn('2026-01-01T05:00:00Z', now)).toBe('in 5 hours');
    expect(expiresIn('2026-01-04T00:00:00Z', now)).toBe('in 3 days');
  });
});
