/**
 * The caller aborts a transfer: transferTable must reject promptly (no hang) with the abort
 * reason, the destination must hold no committed rows, and nothing may stay open. Killed
 * connections and processes are the promise test test/promises/atomic-publish.test.ts.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferBetween } from "../support/transfer-between";
import {
  bulkFill,
  countRows,
  createTable,
  dropTable,
  mysqlEndpoint,
  postgresEndpoint,
  tableOf,
  wideRowsSql,
  WIDE_COLUMNS,
  type Endpoint,
} from "./transfer-fixtures";

const ROWS = 3_000_000;
const SOURCE_TABLE = "transfer_faults_source";
const source = postgresEndpoint("dataplane");
const postgresDestination = postgresEndpoint("dataplane_target");
const mysqlDestination = mysqlEndpoint();

/** How long a rejection may take after the fault. */
const PROMPT_MS = 5_000;

beforeAll(async () => {
  await createTable(source, SOURCE_TABLE, WIDE_COLUMNS);
  await bulkFill(source, SOURCE_TABLE, wideRowsSql(ROWS));
}, 120_000);

afterAll(async () => {
  await dropTable(source, SOURCE_TABLE);
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the transfer never got under way");
}

function startTransfer(destination: Endpoint, table: string, signal: AbortSignal): Promise<{ rowCount: number }> {
  const running = transferBetween({
    source: { type: "postgres", target: source.target, table: tableOf(source, SOURCE_TABLE), columns: WIDE_COLUMNS },
    destination: { type: destination.type, target: destination.target, table: tableOf(destination, table) },
    signal,
  });
  running.catch(() => undefined);
  return running;
}

async function rejectsWithin(running: Promise<unknown>, since: number): Promise<Error> {
  const error = await running.then(
    () => new Error("resolved"),
    (failure: Error) => failure,
  );
  expect(error.message).not.toBe("resolved");
  expect(Date.now() - since).toBeLessThan(PROMPT_MS);
  return error;
}

describe("abort through the signal", () => {
  it.each([
    ["postgres", postgresDestination],
    ["mysql", mysqlDestination],
  ] as const)("to %s: rejects promptly with the abort reason, no rows", async (_, destination) => {
    const table = `transfer_faults_abort_${destination.type}`;
    await createTable(destination, table, WIDE_COLUMNS);
    try {
      const controller = new AbortController();
      const running = startTransfer(destination, table, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const since = Date.now();
      controller.abort(new Error("stop now"));
      const error = await rejectsWithin(running, since);
      expect(Date.now() - since).toBeLessThan(1_000);
      expect(error.message).toMatch(/stop now/);
      // The killed session's transaction rolls back on the server; give it a moment.
      await until(async () => ((await countRows(destination, table)) === 0 ? true : undefined), 5_000);
    } finally {
      await dropTable(destination, table);
    }
  });

  it("leaves no handle behind: a process that aborts a transfer exits by itself", () => {
    const child = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "test/integration/transfer-abort-child.ts", SOURCE_TABLE],
      // Generous: compiling the sources takes long when the suite loads the machine. A handle
      // left open would keep the child alive until this kills it.
      { encoding: "utf8", timeout: 120_000 },
    );
    const exited = Date.now();
    const [transfers, early, finished] = child.stdout.trim().split("\n");
    // The aborted transfers, then the eight connections opened with an already-aborted signal
    // (source, sink, connection test and data session, on each of the two vendors).
    expect([transfers, early], child.stderr).toEqual(["rejected,rejected", Array(8).fill("rejected").join(",")]);
    expect(child.status, child.stderr).toBe(0);
    // Its work done, the process ends by itself at once: nothing it opened keeps it alive.
    const finishedAt = Number(/^finished at (\d+)$/.exec(finished ?? "")?.[1]);
    expect(exited - finishedAt).toBeLessThan(5_000);
  }, 150_000);
});
