// Production build: one ESM bundle at dist/main.js with the numbered migrations beside it.
// Workspace packages (@payos/*) are bundled; npm dependencies stay external in node_modules.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker/main.ts'), seed: join(here, 'src/seed/cli.ts') },
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  // The workspace packages are TypeScript sources: bundle them instead of resolving at run time.
  alias: {
    '@payos/db': join(here, '../../packages/db/src/index.ts'),
    '@payos/money': join(here, '../../packages/money/src/index.ts'),
    '@payos/contracts': join(here, '../../packages/contracts/src/index.ts'),
  },
  logLevel: 'info',
});
cpSync(join(here, '../../packages/db/migrations'), join(dist, 'migrations'), { recursive: true });
console.log('built apps/api/dist/main.js');
