import { defineConfig } from 'vitest/config';

// Browser journeys: `npm run test:e2e` — the real API (PGlite, demo data) and the built dashboard,
// driven through Debian Chromium with playwright-core. Files run one after another (one browser).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['./tests/e2e/servers.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
