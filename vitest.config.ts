import { defineConfig } from 'vitest/config';

/**
 * Two lanes. `unit`: files named *.test.ts that start no server process (SQLite and PostgreSQL
 * data tests included); no build first, so `npx vitest run <file>` answers in about a second.
 * `int`: files named *.int.test.ts, which run the compiled server, skopeo, s3rver, slapd and the
 * like; its global setup builds `dist/` when stale. `npx vitest run` (and `npm test`) runs both;
 * `--project unit` or `--project int` runs one.
 *
 * Kept apart from vite.config.ts so the console's Vite plugins stay out of the test runner.
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    // Runs once for both lanes: a throwaway PostgreSQL when none answers (server/testing/dialects.ts).
    globalSetup: ['server/testing/postgres-setup.ts'],
    // Two files at a time: most tests wait on a server process, skopeo or a database, so two cores
    // carry two files (Vitest's default here would be one: the cores less one).
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{server,bench,scripts}/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.{ts,tsx}', '**/node_modules/**'],
          ...shared,
        },
      },
      {
        test: {
          name: 'int',
          include: ['{server,bench,scripts}/**/*.int.test.ts', 'web/**/*.int.test.{ts,tsx}'],
          globalSetup: ['server/testing/global-setup.ts'],
          ...shared,
        },
      },
    ],
  },
});
