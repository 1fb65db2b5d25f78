import { defineConfig } from 'vitest/config';

/**
 * One run for the whole workspace, in projects: `unit` and `unit-hub` (every package's own tests: `pnpm test:unit`,
 * on every core, about a minute on two), `e2e` (tests/: real brokers, processes, files) and `browser` (tests/ in a
 * real Chromium). `pnpm test` runs them all; the JSON report feeds the `N passed, N failed` line that CI prints.
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
        test: {
          name: 'unit',
          include: ['{shared,station-agent,kiosk-ui,simulator}/test/**/*.test.{ts,tsx}'],
          // These files import the same modules (fastify, zod, the stores): a worker keeps them loaded from one
          // file to the next instead of importing them afresh for each, which was most of the run's time.
          isolate: false,
        },
      },
      // The hub's own unit tests, likewise sharing a worker's loaded modules from file to file.
      { extends: true, test: { name: 'unit-hub', include: ['hub/test/**/*.test.{ts,tsx}'], isolate: false } },
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
