import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * scripts/lib/step.sh, the function every long step of scripts/test.sh and scripts/services/*
 * runs through: run through bash for real, with the threshold and interval shortened to 1 s.
 */
const LIBRARY = resolve(__dirname, "../../scripts/lib/step.sh");

let cache: string;
afterEach(() => rmSync(cache, { recursive: true, force: true }));

/**
 * Runs `step` with a 1 s threshold and interval; `quiet` raises the threshold to a minute for
 * cases about output and exit status, so a loaded machine (a second's delay) adds no lines.
 */
function runStep(stepArguments: string, quiet = false): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("bash", ["-c", `set -euo pipefail; source "${LIBRARY}"; ${stepArguments}`], {
    encoding: "utf8",
    env: {
      ...process.env,
      DATAPLANE_CACHE_DIR: cache,
      STEP_PREFIX: "check",
      STEP_THRESHOLD_SECONDS: quiet ? "60" : "1",
      STEP_INTERVAL_SECONDS: "1",
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("step (scripts/lib/step.sh)", () => {
  it("prints nothing for a step quicker than the threshold, and records its duration", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    // Quiet (a minute's threshold): with a 1 s one, a step starting at x.99 s ends in the next
    // whole second of the clock and, rightly, says so (it did under CI's load).
    const run = runStep("step quick 'a quick step' 60 true", true);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    // Whole seconds of the clock: a step may start at x.99 s and end in the next second.
    expect(readFileSync(join(cache, "step-durations", "quick"), "utf8")).toMatch(/^[01]\n$/);
  }, 20_000);

  it("past the threshold says what runs, for how long, and the estimate when it never finished here", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    const run = runStep("step slow 'waiting for a slow thing' 125 sleep 3");
    expect(run.status).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(
        /^\[check\] still running: waiting for a slow thing, [1-3] s so far; usually 2 min 05 s \(estimate: never finished on this machine\)$/,
      );
    }
    expect(lines.at(-1)).toMatch(
      /^\[check\] done: waiting for a slow thing in [3-4] s \(usually 2 min 05 s, estimate: never finished on this machine\)$/,
    );
    // Lines a CI log keeps as they are.
    expect(run.stderr).not.toContain("\r");
  }, 20_000);

  it("reports the last successful duration as the usual one, and says when a run takes longer", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    expect(runStep("step slow 'a slow thing' 600 sleep 2").status).toBe(0);
    const usual = Number(readFileSync(join(cache, "step-durations", "slow"), "utf8"));
    expect(usual).toBeGreaterThanOrEqual(2);
    expect(usual).toBeLessThan(5);
    const second = runStep(`step slow 'a slow thing' 600 sleep ${usual + 3}`);
    expect(second.stderr).toMatch(
      new RegExp(`\\[check\\] still running: a slow thing, \\d s so far; usually ${usual} s \\(last successful run here\\)`),
    );
    expect(second.stderr).toMatch(
      new RegExp(`\\[check\\] still running: a slow thing, \\d s so far; longer than the usual ${usual} s \\(last successful run here\\)`),
    );
    expect(Number(readFileSync(join(cache, "step-durations", "slow"), "utf8"))).toBeGreaterThanOrEqual(usual + 3);
  }, 20_000);

  it("returns the command's failing exit status, shows the end of its log, and keeps the usual duration", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    expect(runStep("step build 'a build' 60 true", true).status).toBe(0);
    const recorded = readFileSync(join(cache, "step-durations", "build"), "utf8");
    const failed = runStep(
      `status=0; step build 'a build' 60 bash -c 'echo compiling one; echo the compiler failed >&2; exit 7' || status=$?; echo "status $status"`,
      true,
    );
    expect(failed.status).toBe(0);
    expect(failed.stdout).toBe("status 7\n");
    expect(failed.stderr).toMatch(/\[check\] FAILED: a build, exit status 7 after \d s\n/);
    expect(failed.stderr).toContain(`[check] last 40 lines of ${join(cache, "logs", "build.log")}:\ncompiling one\nthe compiler failed\n`);
    expect(readFileSync(join(cache, "step-durations", "build"), "utf8")).toBe(recorded);
    // Under set -e, an unchecked failing step ends the script with the command's status.
    expect(runStep("step build 'a build' 60 false; echo unreachable", true).status).toBe(1);
  }, 20_000);

  it("with --show-output passes the command's output through instead of logging it", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    const run = runStep("step --show-output tests 'the tests' 60 bash -c 'echo 3 passed; echo a warning >&2'", true);
    expect(run).toMatchObject({ status: 0, stdout: "3 passed\n", stderr: "a warning\n" });
  }, 20_000);

  it("runs a shell function of the caller in a subshell, whose exit fails the step and not the script", () => {
    cache = mkdtempSync(join(tmpdir(), "step-"));
    const run = runStep("give_up() { echo giving up; exit 3; }; step gives-up 'a function' 60 give_up || echo \"after, status $?\"", true);
    expect(run.stdout).toBe("after, status 3\n");
    expect(run.stderr).toMatch(/\[check\] FAILED: a function, exit status 3 after \d s\n/);
    expect(run.stderr).toContain("giving up");
  }, 20_000);
});
