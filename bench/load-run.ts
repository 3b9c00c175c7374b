import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** What bench/load.mjs prints as its last line. */
export type LoadLine = {
  total: number;
  ok: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
};

/** GET `path` from `conns` connections for `durationSeconds`, by bench/load.mjs in a child process (never on the API's event loop). */
export async function loadGet(base: string, headers: Record<string, string>, path: string, conns: number, durationSeconds: number) {
  const script = new URL('./load.mjs', import.meta.url).pathname;
  const file = join(tmpdir(), `payos-load-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ url: base, headers, requests: [{ method: 'GET', path }], connections: conns, durationSeconds }));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, file], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').at(-1) as string) as LoadLine;
  } finally {
    rmSync(file, { force: true });
  }
}
