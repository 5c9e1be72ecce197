import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { freePort } from "./free-port";

/**
 * One goccy/bigquery-emulator per test file (its memory grows with every query), on free
 * loopback ports, built beforehand by scripts/services/bigquery.sh. A missing binary fails
 * the test loudly; nothing is skipped.
 */
const SCRIPT = resolve(__dirname, "../../scripts/services/bigquery.sh");

let binary: string | undefined;

/** Where scripts/services/bigquery.sh puts the emulator (its cache key: version and compiler flags). */
export function emulatorBinary(): string {
  binary ??= process.env.DATAPLANE_BIGQUERY_EMULATOR_BINARY || execFileSync("bash", [SCRIPT, "--path"], { encoding: "utf8" }).trim();
  return binary;
}

export interface BigqueryEmulator {
  projectId: string;
  dataset: string;
  apiEndpoint: string;
  /** The connection configuration reaching this emulator. */
  configuration(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The process's output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startBigqueryEmulator(projectId = "dataplane-test", dataset = "dataplane"): Promise<BigqueryEmulator> {
  if (process.env.DATAPLANE_BIGQUERY_EMULATOR_PENDING) {
    // scripts/test.sh runs this file while the emulator is still being built: its plan
    // (scripts/lib/test-phases.mjs) missed that the file reaches the emulator.
    throw new Error(
      "this test starts the BigQuery emulator in the phase of scripts/test.sh that runs while the emulator is being built: " +
        "import test/support/bigquery-emulator.ts (or the fixture loader) from its file, or, in a promise file, name bigquery in the test's suite, so scripts/lib/test-phases.mjs runs it after the build",
    );
  }
  const binary = emulatorBinary();
  if (!existsSync(binary)) {
    throw new Error(`the BigQuery emulator is not built (${binary} is missing): run \`bash scripts/services/bigquery.sh\` first`);
  }
  const [port, grpcPort] = [await freePort(), await freePort()];
  let output = "";
  const child: ChildProcess = spawn(
    binary,
    [
      `--project=${projectId}`,
      `--dataset=${dataset}`,
      "--host=127.0.0.1",
      `--port=${port}`,
      `--grpc-port=${grpcPort}`,
      "--log-level=error",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  let exited = false;
  child.once("exit", () => (exited = true));
  const apiEndpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the BigQuery emulator exited at start:\n${output}`);
    try {
      const response = await fetch(`${apiEndpoint}/bigquery/v2/projects/${projectId}/datasets`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the BigQuery emulator did not answer within 30 s:\n${output}`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return {
    projectId,
    dataset,
    apiEndpoint,
    configuration: (overrides = {}) => ({
      projectId,
      location: "US",
      dataset,
      apiEndpoint,
      queryTimeoutMilliseconds: 60_000,
      ...overrides,
    }),
    log: () => output,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (exited) return resolveStop();
        child.once("exit", () => resolveStop());
        child.kill("SIGKILL");
      }),
  };
}
