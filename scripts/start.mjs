#!/usr/bin/env node
// `npm start` / `npm run dev`: the API (:4000, embedded PGlite unless DATABASE_URL) and the dashboard
// (:3000) together. `npm start` builds the dashboard first when its sources are newer than the last
// build. Ctrl-C (or SIGTERM) stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildWebIfStale, nextBin, root, webDir } from './web-build.mjs';

const dev = process.argv.includes('--dev');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

if (!dev) {
  try {
    buildWebIfStale();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

const api = dev
  ? [join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', 'apps/api/src/main.ts']
  : ['--import', 'tsx', 'apps/api/src/main.ts'];
const children = [
  spawn(process.execPath, api, { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '--port', process.env.WEB_PORT ?? '3000'], {
    cwd: webDir,
    env,
    stdio: 'inherit',
  }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
