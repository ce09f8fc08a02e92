// Unit and integration tests (Node). Browser tests live in vitest.e2e.config.ts.
import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
// vitest needs a default export from its config file; the rest of the code base uses named exports.
export default config;
