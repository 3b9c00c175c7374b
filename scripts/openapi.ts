/**
 * `npm run openapi` — prints the OpenAPI document the API serves at /openapi.json (or writes it to
 * the path given with `--out`). The app is built, never served: no database is needed.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '@payos/db';
import { createApp } from '../apps/api/src/app.js';

export async function openApiDocument(): Promise<unknown> {
  const { app } = createApp({
    db: {} as Database,
    config: { version: 'spec', isProduction: false, jwtSecret: 'x'.repeat(32), corsOrigins: [], trustProxy: false },
  });
  const res = await app.request('/openapi.json');
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return res.json();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const doc = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  const at = process.argv.indexOf('--out');
  if (at !== -1 && process.argv[at + 1]) writeFileSync(process.argv[at + 1] as string, doc);
  else process.stdout.write(doc);
}
