import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * scripts/lib/test-phases.mjs: which test files a first run of scripts/test.sh runs while the
 * BigQuery emulator is being built, and the check that the two phases ran every test a
 * one-phase run runs, each once (here on vitest json reports written by hand).
 */
const ROOT = resolve(__dirname, "../..");
const PLANNER = join(ROOT, "scripts/lib/test-phases.mjs");
const BEFORE = join(ROOT, "test/unit/redaction.test.ts");
const SPLIT = join(ROOT, "test/promises/job-file-destinations.test.ts");
const AFTER = join(ROOT, "test/integration/bigquery-connection.test.ts");

let directory: string;
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function planner(command: "plan" | "totals") {
  return spawnSync(process.execPath, [PLANNER, command, directory], { encoding: "utf8" });
}

function planned(): void {
  directory = mkdtempSync(join(tmpdir(), "test-phases-"));
  const files = [
    { file: BEFORE, projectName: "unit" },
    { file: SPLIT, projectName: "promises" },
    { file: AFTER, projectName: "integration" },
  ];
  writeFileSync(join(directory, "files.json"), JSON.stringify(files));
  expect(planner("plan").status).toBe(0);
}

type Status = "passed" | "failed" | "skipped";
function report(name: string, files: Array<[string, Array<[string, Status]>]>): void {
  const testResults = files.map(([file, tests]) => ({
    name: file,
    status: "passed",
    assertionResults: tests.map(([fullName, status]) => ({ fullName, status })),
  }));
  writeFileSync(join(directory, `${name}.report.json`), JSON.stringify({ testResults }));
}

/** The four runs of a correct two-phase run: the promise file's BigQuery case skipped by name in phase 1, the rest in phase 2. */
function reportsOfBothPhases(): void {
  report("1-before", [[BEFORE, [["redacts a password", "passed"]]]]);
  report("1-split", [
    [
      SPLIT,
      [
        ["on postgres refuses a missing folder", "passed"],
        ["on bigquery refuses a missing folder", "skipped"],
      ],
    ],
  ]);
  report("2-split", [
    [
      SPLIT,
      [
        ["on postgres refuses a missing folder", "skipped"],
        ["on bigquery refuses a missing folder", "passed"],
      ],
    ],
  ]);
  report("2-after", [[AFTER, [["connects", "failed"]]]]);
}

describe("the two phases of a first test run (scripts/lib/test-phases.mjs)", () => {
  it("runs a file in phase 1 unless it imports the emulator: whole in phase 2, or a promise file reaching it through the fixtures by name", () => {
    planned();
    const list = (name: string) => readFileSync(join(directory, `${name}.txt`), "utf8");
    expect(list("before")).toBe(`${BEFORE}\n`);
    expect(list("split")).toBe(`${SPLIT}\n`);
    expect(list("after")).toBe(`${AFTER}\n`);
  });

  it("counts the tests of each phase against a one-phase run", () => {
    planned();
    reportsOfBothPhases();
    const totals = planner("totals");
    expect(totals.stdout).toBe(
      "tests run: 2 while the BigQuery emulator was being built + 2 after = 4; a one-phase run of these 3 files runs 4\n",
    );
    expect(totals.status).toBe(0);
  });

  it("fails naming a file a phase left out, though its tests show as skipped elsewhere", () => {
    planned();
    reportsOfBothPhases();
    unlinkSync(join(directory, "2-split.report.json"));
    const totals = planner("totals");
    expect(totals.status).toBe(1);
    expect(totals.stderr).toContain("not in 2-split.report.json: test/promises/job-file-destinations.test.ts");
  });

  it("fails naming a test run in both phases, and a file no phase ran", () => {
    planned();
    reportsOfBothPhases();
    report("2-split", [
      [
        SPLIT,
        [
          ["on postgres refuses a missing folder", "passed"],
          ["on bigquery refuses a missing folder", "passed"],
        ],
      ],
    ]);
    unlinkSync(join(directory, "2-after.report.json"));
    const totals = planner("totals");
    expect(totals.status).toBe(1);
    expect(totals.stderr).toContain(
      "run in both phases: test/promises/job-file-destinations.test.ts > on postgres refuses a missing folder",
    );
    expect(totals.stderr).toContain("never run: test/integration/bigquery-connection.test.ts");
  });
});
