import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { connect, type SnowflakeClient } from "../../provider/vendors/snowflake/driver";
import { freePort } from "./free-port";
import { snowflakeConfiguration } from "../../provider/vendors/snowflake/config";

const FAKESNOW_VERSION = process.env.DATAPLANE_FAKESNOW_VERSION ?? "0.12.1";
const CACHE_DIR = process.env.DATAPLANE_CACHE_DIR ?? join(homedir(), ".cache", "pulumi-dataplane");
const PYTHON = join(CACHE_DIR, `fakesnow-${FAKESNOW_VERSION}`, "bin", "python");
const JSON_SERVER = join(__dirname, "snowflake-json-server.py");

async function counters(port: number): Promise<{ logins: number; aborts: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/dataplane/logins`)).json()) as { logins: number; aborts: number };
}

export interface FakeSnowflake {
  port: number;
  /** Configuration inputs for a Connection resource against this server. */
  configuration(extra?: Record<string, unknown>): Record<string, unknown>;
  /** A driver connection for arranging and inspecting test data. */
  /** Sessions opened on the server so far. */
  logins(): Promise<number>;
  /** Abort requests (Snowflake's query cancel) the server received so far. */
  aborts(): Promise<number>;
  admin<T>(work: (client: SnowflakeClient) => Promise<T>, database?: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts fakesnow (with the test-only JSON result rewriting of snowflake-json-server.py) on a
 * free loopback port, for one test file; about a second. Fails loudly when the emulator is not
 * installed: `bash scripts/services/snowflake.sh` installs it.
 */
export async function startFakeSnowflake(database = "DATAPLANE"): Promise<FakeSnowflake> {
  if (!existsSync(PYTHON)) {
    throw new Error(`fakesnow ${FAKESNOW_VERSION} is not installed at ${PYTHON}: run bash scripts/services/snowflake.sh`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(PYTHON, [JSON_SERVER, String(port)], { stdio: ["ignore", "ignore", "pipe"], cwd: CACHE_DIR });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`fakesnow exited (${child.exitCode}):\n${log}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/session`, { method: "POST", signal: AbortSignal.timeout(1000) });
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`fakesnow did not answer on 127.0.0.1:${port} within 20 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const configuration = (extra: Record<string, unknown> = {}) => ({
    account: "dataplane-test",
    username: "tester",
    accessUrl: `http://127.0.0.1:${port}`,
    database,
    schema: "PUBLIC",
    ...extra,
  });
  const admin = async <T>(work: (client: SnowflakeClient) => Promise<T>, on = database): Promise<T> => {
    const client = await connect({
      configuration: snowflakeConfiguration.parse(configuration({ database: on })),
      credentials: { password: "any" },
    });
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  };
  // fakesnow creates a database when a session names it; the schema must exist for sessions to use it.
  await admin((client) => client.query(`create schema if not exists "${database}".PUBLIC`));
  return {
    port,
    configuration,
    admin,
    logins: async () => (await counters(port)).logins,
    aborts: async () => (await counters(port)).aborts,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
