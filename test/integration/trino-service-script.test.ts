import { execFile } from "node:child_process";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ensureTrino } from "../support/trino-server";

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, "../../scripts/services/trino.sh");
const CACHE_DIR = process.env.DATAPLANE_CACHE_DIR ?? join(homedir(), ".cache/pulumi-dataplane");
const LOCK = join(CACHE_DIR, `trino-${process.env.DATAPLANE_TRINO_VERSION ?? "476"}`, "script.lock");

// Every test needing Trino calls the set-up script; the server it started once held the script's
// lock for as long as it ran (an inherited descriptor), so on a fresh machine every later call
// waited for ever and all Trino tests timed out.
describe("scripts/services/trino.sh", () => {
  it("returns at once when the server runs, and the running server holds no lock of the script", async () => {
    await ensureTrino();
    const started = Date.now();
    const { stdout } = await run("bash", [SCRIPT], { timeout: 60_000 });
    expect(stdout).toContain("already running");
    expect(Date.now() - started).toBeLessThan(30_000);
    // flock -n fails at once when any process (the server) holds the lock.
    await expect(run("flock", ["-n", LOCK, "true"])).resolves.toBeDefined();
  }, 360_000);
});
