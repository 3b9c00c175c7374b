import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../examples/sdk-quickstart.js';

describe('npm run example:sdk', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('runs from a fresh clone: starts its own API, and the payout it makes settles', { timeout: 180_000 }, async () => {
    vi.stubEnv('PAYOS_API_KEY', '');
    vi.stubEnv('PAYOS_BASE_URL', '');
    const lines: string[] = [];
    const result = await main({ log: (line) => lines.push(line) });
    expect(result).toMatchObject({ status: 'completed', available: '748.25' });
    expect(lines[0]).toMatch(/starting the API in this process/);
    expect(lines.filter((line) => /^\d\. /.test(line))).toHaveLength(7);
    expect(lines.join('\n')).toContain('pending → processing → completed');
  });
});
