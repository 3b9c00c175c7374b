/**
 * `npm run lint:spec` — lints the generated OpenAPI document with Spectral (spectral:oas and the
 * OWASP API Security 2023 ruleset, configured in .spectral.yaml) and prints the findings by rule.
 * Fails on any error. `-- --all` lists every finding; `-- --grep <text>` only those whose path
 * contains the text (e.g. `/v1/transfers` or `Transfer`).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openApiDocument } from './openapi.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Inside the repository, so the ruleset's overrides (paths relative to it) apply; dist/ is ignored by git.
const SPEC = join(ROOT, 'dist', 'openapi.json');
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

export type Finding = { code: string; severity: (typeof SEVERITY)[number]; path: string; message: string };

export async function lintSpec(): Promise<Finding[]> {
  mkdirSync(dirname(SPEC), { recursive: true });
  writeFileSync(SPEC, JSON.stringify(await openApiDocument(), null, 2));
  const bin = join(ROOT, 'node_modules', '.bin', 'spectral');
  // Spectral exits 1 when it reports errors; the JSON on stdout is what counts.
  const output = await promisify(execFile)(bin, ['lint', SPEC, '-r', join(ROOT, '.spectral.yaml'), '-f', 'json', '-q'], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`spectral failed: ${error.stderr ?? error}`);
    return { stdout: error.stdout };
  });
  const raw = JSON.parse(output.stdout || '[]') as { code: string; severity: number; path: string[]; message: string }[];
  return raw.map((r) => ({ code: r.code, severity: SEVERITY[r.severity] ?? 'hint', path: r.path.join('.'), message: r.message }));
}

export function summarize(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.severity} ${f.code}`, (counts.get(`${f.severity} ${f.code}`) ?? 0) + 1);
  const total = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return [
    `Spectral: ${total('error')} errors, ${total('warning')} warnings`,
    ...[...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `  ${String(n).padStart(5)}  ${rule}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--grep');
  const grep = at === -1 ? undefined : process.argv[at + 1];
  const findings = (await lintSpec()).filter((f) => !grep || f.path.includes(grep));
  console.log(summarize(findings));
  if (process.argv.includes('--all') || grep) {
    for (const f of findings) console.log(`${f.severity}\t${f.code}\t${f.path}\t${f.message}`);
  }
  if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
}
