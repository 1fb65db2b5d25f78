import { defineConfig } from 'vitest/config';

// One run for the whole workspace. The JSON report feeds the `N passed, N failed` line that CI prints.
export default defineConfig({
  test: {
    include: ['{shared,station-agent,hub,kiosk-ui,simulator}/test/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    // The long fault scenarios run with `pnpm test:faults` (vitest.faults.config.ts).
    exclude: ['**/node_modules/**', 'tests/faults/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
