import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * SQL lives in repos (CODE_STYLE.md, Layers): a statement anywhere else in the API is a finding.
 * dependency-cruiser checks the import direction in `npm run lint`; this checks what imports cannot
 * show. The seed loads demo data as the database owner and is the one exception.
 */
const SRC = fileURLToPath(new URL('.', import.meta.url));
const STATEMENT = /\b(tx|db|client|pool)\.(query|defer|exec)(<[^>]*>)?\(/;
const EXCEPTIONS = [/^seed\//];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('layers', () => {
  it('runs SQL from repos only', () => {
    const offenders = files(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.endsWith('.repo.ts') && !file.endsWith('.test.ts') && !EXCEPTIONS.some((e) => e.test(file)))
      .flatMap((file) =>
        readFileSync(join(SRC, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => STATEMENT.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*'))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
