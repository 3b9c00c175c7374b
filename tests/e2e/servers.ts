/**
 * Starts what a partner's browser talks to: the API on a free port (a fresh PGlite data directory,
 * migrated and seeded with the demo organization; fast payout settlement) and the production build of
 * the dashboard (`next start`) on another, pointed at it and opened at 127.0.0.1 — an address the
 * API's CORS list does not name: the browser talks to the dashboard only. Builds the dashboard first if stale.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error — a plain ESM helper shared with scripts/start.mjs.
import { buildWebIfStale, nextBin, root, webDir } from '../../scripts/web-build.mjs';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function waitFor(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export type Stack = { apiUrl: string; webUrl: string; stop: () => Promise<void> };

const serverLogs = () => (process.env.E2E_SERVER_LOGS ? 'inherit' : 'ignore');

/**
 * The built dashboard (`next start`) on 127.0.0.1:`port`, its server reaching the API at `apiUrl`.
 * Browsers reach the API through the dashboard's own /v1 routes, so they need no address for it.
 */
export function spawnWeb(apiUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, [nextBin as string, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: webDir as string,
    env: { ...process.env, PAYOS_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', serverLogs(), 'inherit'],
  });
}

/** The API and the built dashboard on free ports, the API on a fresh demo PGlite data directory. */
export async function startStack(): Promise<Stack> {
  (buildWebIfStale as () => void)();
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'payos-e2e-'));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const log = serverLogs();
  const api = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: root as string,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(apiPort),
      PAYOS_DATA_DIR: dataDir,
      // Not the dashboard's origin: its pages reach the API through the dashboard itself (no CORS).
      CORS_ORIGINS: 'http://localhost:3000',
      PAYOUT_LATENCY_MS: '500',
      SETTLEMENT_INTERVAL_MS: '250',
      WEBHOOK_INTERVAL_MS: '250',
      // Every journey's browser comes from 127.0.0.1: one IP standing for many users.
      RATE_LIMIT_AUTH_PER_MINUTE: '200',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', log, 'inherit'],
  });
  const web = spawnWeb(apiUrl, webPort);
  const stop = async () => {
    for (const child of [web, api]) child.kill('SIGTERM');
    await Promise.all([web, api].map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${apiUrl}/health`, api, 120_000);
    await waitFor(`${webUrl}/login`, web, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, webUrl, stop };
}

export default async function setup(project: TestProject) {
  const stack = await startStack();
  project.provide('apiUrl', stack.apiUrl);
  project.provide('webUrl', stack.webUrl);
  return stack.stop;
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    webUrl: string;
  }
}
