import { describe, expect, it } from 'vitest';
import { safeNext } from './navigation';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeNext()', () => {
  it('keeps paths of this app, with their query and hash', () => {
    expect(safeNext('/accounts?type=business', ORIGIN)).toBe('/accounts?type=business');
    expect(safeNext('/transfers/tr_1#events', ORIGIN)).toBe('/transfers/tr_1#events');
    expect(safeNext(`${ORIGIN}/accounts`, ORIGIN)).toBe('/accounts');
  });

  it('goes home when there is nowhere to go', () => {
    for (const empty of [null, undefined, '']) expect(safeNext(empty, ORIGIN)).toBe('/');
  });

  it('refuses anything that resolves to another origin or scheme', () => {
    const hostile = [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      // Browsers drop tabs and newlines from URLs: `/<TAB>/evil.example` is `//evil.example`.
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      ' //evil.example',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://127.0.0.1:3001/',
      'https://127.0.0.1:3000/',
      'http://evil.example@127.0.0.1.evil.example/',
    ];
    for (const next of hostile) expect(safeNext(next, ORIGIN), JSON.stringify(next)).toBe('/');
  });

  it('refuses a path whose dot segments collapse into a protocol-relative URL', () => {
    // new URL('/a/..//evil.example', origin).pathname is '//evil.example', which the router would
    // read as another host.
    expect(safeNext('/a/..//evil.example', ORIGIN)).toBe('/');
    expect(safeNext('/a/../\\evil.example', ORIGIN)).toBe('/');
  });

  it('decoded query values are what it is given (URLSearchParams.get decodes %09 to a tab)', () => {
    expect(safeNext(new URLSearchParams('next=/%09/evil.example').get('next'), ORIGIN)).toBe('/');
    expect(safeNext(new URLSearchParams('next=%2F%2Fevil.example').get('next'), ORIGIN)).toBe('/');
  });
});
