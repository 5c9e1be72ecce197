import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionArgs } from "../../sdk/connection";
import { REPOSITORY_ROOT } from "../support/pulumi-workspace";
import { startSilentServer } from "../support/silent-server";

/**
 * What a MotherDuck user meets on a machine where DuckDB's motherduck extension cannot be
 * loaded (this one: no internet, nothing installed): the Connection's check and create, run
 * for real in a child process (so every byte it writes, DuckDB's own included, is seen),
 * fail classified, say how to make the extension loadable, return within the connection's
 * testTimeoutSeconds — also when the download hangs behind a proxy that never answers — and
 * never show the token. A MotherDuck service itself is not reachable here (README).
 */
const token = `mdtoken-${randomBytes(12).toString("hex")}`;
const TEST_TIMEOUT_SECONDS = 4;

/** The Connection resource in-process, in a child that prints what a user would see, and exits. */
const CHILD = `
const connection = require("./provider/resources/connection");
const inputs = (extra) => ({ resourceName: "ducks", type: "motherduck", configuration: { database: "analytics" },
  credentials: { token: process.env.MOTHERDUCK_TEST_TOKEN }, testTimeoutSeconds: ${TEST_TIMEOUT_SECONDS}, ...extra });
const timed = async (work) => { const start = performance.now(); const value = await work(); return { milliseconds: performance.now() - start, ...value }; };
(async () => {
  const check = await timed(async () => ({ failures: (await connection.check({}, inputs())).failures }));
  const results = { check };
  if (process.env.MOTHERDUCK_TEST_ALL === "1") {
    results.create = await timed(async () => {
      try { await connection.create(inputs()); return { thrown: null }; } catch (error) { return { thrown: error.message }; }
    });
    results.warned = await timed(async () => {
      const { outs } = await connection.create(inputs({ dryRun: "warn" }));
      const { credentials, ...shown } = outs;
      return { outs: shown, credentialsKept: credentials.token === process.env.MOTHERDUCK_TEST_TOKEN };
    });
  }
  process.stdout.write(JSON.stringify(results) + "\\n");
})();
`;

/**
 * Runs the child until it prints its line, then kills it: a hung download holds a thread of the
 * engine that even process.exit waits for (a provider process is ended by the Pulumi engine).
 */
function child(environment: Record<string, string>): Promise<{ results: Record<string, any>; output: string }> {
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, MOTHERDUCK_TEST_TOKEN: token, ...environment },
    });
    let stdout = "";
    let stderr = "";
    const giveUp = setTimeout(() => {
      running.kill("SIGKILL");
      reject(new Error(`the child printed no result within 60 s: ${stdout}${stderr}`));
    }, 60_000);
    running.stderr.on("data", (chunk) => (stderr += chunk));
    running.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line === undefined || !stdout.slice(stdout.indexOf(line)).includes("\n")) return;
      clearTimeout(giveUp);
      running.kill("SIGKILL");
      resolve({ results: JSON.parse(line), output: stdout + stderr });
    });
    running.on("exit", (code) => {
      clearTimeout(giveUp);
      if (!stdout.includes("\n")) reject(new Error(`the child exited (${code}) without a result: ${stderr}`));
    });
  });
}

describe("a MotherDuck connection where the motherduck extension cannot load", () => {
  it("check and create fail as unreachable, naming the fix, within testTimeoutSeconds, without the token", async () => {
    const { results, output } = await child({ MOTHERDUCK_TEST_ALL: "1" });
    const { check, create, warned } = results;

    expect(check.failures).toHaveLength(1);
    const reason: string = check.failures[0].reason;
    expect(reason).toMatch(/^server unreachable: the motherduck extension of DuckDB could not be loaded/);
    expect(reason).toContain("allow network access to extensions.duckdb.org");
    expect(reason).toContain("INSTALL motherduck");
    expect(reason).toContain("extension_directory");

    expect(create.thrown).toBe(reason);
    expect(warned.outs.status).toBe("unreachable");
    expect(warned.outs.statusMessage).toBe(reason);
    expect(warned.outs.indexingStatus).toBe("FAILED");
    expect(warned.credentialsKept).toBe(true);

    // Measured here: the download attempt fails in about half a second (no route out).
    for (const step of [check, create, warned]) expect(step.milliseconds).toBeLessThan(TEST_TIMEOUT_SECONDS * 1000);
    expect(output).not.toContain(token);
  });

  describe("behind a proxy that never answers", () => {
    let proxy: Awaited<ReturnType<typeof startSilentServer>>;
    beforeAll(async () => {
      proxy = await startSilentServer();
    });
    afterAll(async () => {
      await proxy.close();
    });

    // DuckDB downloads extensions through HTTP_PROXY and waits on it for minutes: the deadline ends the wait.
    it("the check ends at testTimeoutSeconds, saying what it waited for and what to do", async () => {
      const { results, output } = await child({ HTTP_PROXY: `http://127.0.0.1:${proxy.port}` });
      const reason: string = results.check.failures[0].reason;
      expect(reason).toMatch(new RegExp(`^timed out: connection test did not finish within ${TEST_TIMEOUT_SECONDS} s; `));
      expect(reason).toContain("downloads the motherduck extension from extensions.duckdb.org (through HTTP_PROXY when set)");
      expect(results.check.milliseconds).toBeGreaterThanOrEqual(TEST_TIMEOUT_SECONDS * 1000 - 50);
      expect(results.check.milliseconds).toBeLessThan(TEST_TIMEOUT_SECONDS * 1000 + 2000);
      expect(output).not.toContain(token);
    });
  });
});

it("the sdk's ConnectionArgs, derived from the registry, takes a MotherDuck connection and tells its fields apart", () => {
  const args: ConnectionArgs = {
    type: "motherduck",
    configuration: { database: "analytics" },
    credentials: { token: "a-token" },
  };
  const misnamed: ConnectionArgs = {
    type: "motherduck",
    // @ts-expect-error a MotherDuck connection names its database, not a DuckDB file path
    configuration: { path: "warehouse.duckdb" },
    credentials: { token: "a-token" },
  };
  expect([args.type, misnamed.type]).toEqual(["motherduck", "motherduck"]);
});
