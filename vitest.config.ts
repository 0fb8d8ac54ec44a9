import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workers and the CLI processes the tests start inherit this: each compiles a module once, and the
// rest (and the next run) load V8's cached code instead; most of what they load is the same.
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(
  new URL('node_modules/.cache/node-compile-cache', import.meta.url),
);

/**
 * Three projects, run together by `vitest run` (and so by `npm test`), or one at a time with
 * `npm run test:unit`, `npm run test:integration`, `npm run test:infra`.
 *
 * Each worker keeps its module cache from one test file to the next (`isolate: false`): loading the
 * same modules (exceljs, the AWS SDK, zod, the CLI, aws-cdk-lib) once per worker instead of once per
 * file was a third of what the suite cost. No file changes module state another relies on: the AWS
 * SDK mocks re-stub the client prototypes in each file that uses them, spies are on objects of their
 * own or restored after their file, fake timers are put back after each test, stubbed variables are
 * restored (`unstubEnvs`), and emulators, simulators and child processes are closed in `afterAll`.
 * Forked workers, not threads: the CDK bundles through child processes that need a real stdio, and
 * the lease tests tell processes apart by pid.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, one on a 2-core machine; the files wait on
    // sockets, child processes and disk part of the time, so one per core keeps the cores busy.
    maxWorkers: '100%',
    isolate: false,
    unstubEnvs: true,
    projects: [
      // The contract tests read the reference's examples in memory, as the unit tests do.
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
    ],
  },
});
