import { defineConfig } from 'vitest/config';

/**
 * One run for the whole workspace, in three projects: `unit` (every package's own tests, `pnpm test:unit`, well
 * under a minute), `e2e` (tests/: real brokers, processes, files) and `browser` (tests/ in a real Chromium).
 * `pnpm test` runs all three; the JSON report feeds the `N passed, N failed` line that CI prints.
 */
const BROWSER = 'tests/**/*browser*.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{shared,station-agent,hub,kiosk-ui,simulator}/test/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        // The long fault scenarios run with `pnpm test:faults` (vitest.faults.config.ts).
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tests/faults/**', BROWSER],
        },
      },
      { extends: true, test: { name: 'browser', include: [BROWSER] } },
    ],
  },
});
