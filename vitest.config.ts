// Unit and integration tests (Node). Browser tests live in vitest.e2e.config.ts.
// Files are not isolated: a worker imports the server once and keeps its PGlite instance and
// templates (tests/helpers/template.ts) across files; every test still gets a database schema of its
// own. `npx vitest run --isolate` runs each file in a fresh module graph instead.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's default is one worker less than the cores: 1 on a 2-core machine, where the main
    // process mostly waits. One per core.
    maxWorkers: availableParallelism(),
    pool: 'forks',
    isolate: false,
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
// vitest needs a default export from its config file; the rest of the code base uses named exports.
export default config;
