import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'renderer/**/*.test.ts', 'sync-server/**/*.test.ts', 'main/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
