// Builds the dashboard when its sources are newer than the last build (used by `npm start` and the e2e tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const webDir = join(root, 'apps/web');
export const nextBin = join(root, 'node_modules/next/dist/bin/next');

const SOURCES = [
  'apps/web/src',
  'apps/web/messages',
  'apps/web/next.config.ts',
  'apps/web/package.json',
  'packages/ui/src',
  'packages/contracts/src',
  'packages/money/src',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function buildWebIfStale() {
  const built = join(webDir, '.next/BUILD_ID');
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  console.log('[payos] building the dashboard (next build)…');
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}
