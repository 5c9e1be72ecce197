import { defineConfig } from "vitest/config";

/**
 * Files of all four projects run side by side in one pool (one sequence group): most of them
 * wait on a database, an emulator or the pulumi CLI rather than on the CPU, so more files than
 * cores overlap their waits. With a warm results cache vitest starts the slowest files first,
 * so the long e2e and promise files no longer wait behind the short ones. DATAPLANE_TEST_WORKERS
 * sets how many files run at once.
 */
const WORKERS = Number(process.env.DATAPLANE_TEST_WORKERS ?? 4);

export default defineConfig({
  test: {
    maxWorkers: WORKERS,
    // dist/ is built once before any file runs (the Pulumi programs load the package from it).
    globalSetup: ["test/support/global-build.ts", "test/support/redshift-global-setup.ts"],
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // One file per README promise, each iterating the vendor registry.
          name: "promises",
          include: ["test/promises/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          // Each file drives the real pulumi CLI.
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
