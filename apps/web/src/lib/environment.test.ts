import { describe, expect, it } from 'vitest';
import { asksBeforeSwitching } from './environment';

describe('the Test / Live switch', () => {
  it('asks only before going to Live', () => {
    expect(asksBeforeSwitching('test', 'live')).toBe(true);
    expect(asksBeforeSwitching('live', 'test')).toBe(false);
    expect(asksBeforeSwitching('live', 'live')).toBe(false);
    expect(asksBeforeSwitching('test', 'test')).toBe(false);
  });
});
