import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so tfjs and git tests do not starve each other.
    maxWorkers: 2,
    // The dialect line shows in CI logs how many store tests ran on SQLite and on PostgreSQL.
    reporters: ['default', './test/helpers/dialect-reporter.ts'],
  },
});
