import { describe, expect, it } from 'vitest';
import { forwardedFor, isJsonContentType } from './session-request';

describe('isJsonContentType()', () => {
  it('accepts application/json with an optional charset', () => {
    for (const ok of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])
      expect(isJsonContentType(ok), ok).toBe(true);
  });
  it('refuses anything else, however much of it is application/json', () => {
    for (const bad of [
      null,
      '',
      'text/plain; x=application/json',
      'application/json-patch+json',
      'application/json; boundary=x',
      'application/json; charset=utf-8; x=y',
      ' application/json',
      'application/json, text/plain',
    ])
      expect(isJsonContentType(bad), String(bad)).toBe(false);
  });
});

describe('forwardedFor()', () => {
  it('sends nothing unless a trusted proxy stands in front of the dashboard', () => {
    expect(forwardedFor('203.0.113.9', false)).toBeUndefined();
  });
  it('takes the right-most value behind a trusted proxy', () => {
    expect(forwardedFor('203.0.113.9, 198.51.100.7', true)).toBe('198.51.100.7');
    expect(forwardedFor('2001:db8::1', true)).toBe('2001:db8::1');
    expect(forwardedFor(null, true)).toBeUndefined();
    expect(forwardedFor('1.2.3.4, ', true)).toBeUndefined();
  });
});
