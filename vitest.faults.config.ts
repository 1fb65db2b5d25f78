import { defineConfig } from 'vitest/config';

// `pnpm test:faults`: the long fault scenarios, one file at a time (they kill and restart real
// processes and load the machine). The door's kill -9 tests (scanner and phone) run again here with a heavier load.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts', 'tests/door-fault.test.ts', 'tests/phone-door-fault.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    // The soak samples the heap after a full collection.
    execArgv: ['--expose-gc'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    env: {
      YZ_FAULT_KILLS: '20',
      YZ_FAULT_SCANS: '12000',
      YZ_PHONE_FAULT_KILLS: '10',
      YZ_PHONE_FAULT_ADMISSIONS: '2000',
    },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-faults.json' }]],
  },
});
