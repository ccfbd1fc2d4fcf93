// Two projects, run one after the other by `npm test`: `unit` (in-process, fast, no build needed)
// and `e2e` (the built CLI in child processes, servers, the pipeline, Chromium, and the oracle
// comparisons against independent parsers and SHACL engines). Workers are bounded so that on a
// busy 2-core machine vitest's own main process still gets the CPU it needs to answer its workers.

import { defineConfig } from 'vitest/config';

/** Test files that spawn processes, listen on sockets, drive the browser or compare with an oracle. */
const E2E = [
  'test/cases.test.ts',
  'test/cli.test.ts',
  'test/cli-unix.test.ts',
  'test/cli.fs-errors.test.ts',
  'test/dar.*.test.ts',
  'test/hostile-corpus.test.ts',
  'test/pipeline-lock.test.ts',
  'test/store.*.test.ts',
  'test/tariffs.cli.test.ts',
  'test/validation.trust.test.ts',
  'test/diff-cli.test.ts',
  'test/heatmap.cli.test.ts',
  'test/heatmap.page.test.ts',
  'test/pages.test.ts',
  'test/portal.page.test.ts',
  'test/pipeline.test.ts',
  'test/profiles.source.test.ts',
  'test/pipeline-kill.test.ts',
  'test/publication.test.ts',
  'test/readme.test.ts',
  'test/server.*.test.ts',
  'test/start.test.ts',
  'test/streaming-memory.test.ts',
  'test/validation.rules.test.ts',
  'test/cim-xml.fuzz.test.ts',
  'test/cim-xml.real-data.test.ts',
  'test/validation.oracle.test.ts',
  'test/validation.parallel.test.ts',
];

const workers = Number(process.env.LTDS_TEST_WORKERS ?? 2);

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    setupFiles: ['test/helpers/loop-watch.ts'],
    maxWorkers: workers,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
