/**
 * Failures in the middle of a transfer: the destination server kills the loading session,
 * or the caller aborts. transferTable must reject promptly (no hang) and the destination
 * must hold no committed rows (COPY and LOAD DATA into InnoDB are each one transaction).
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferTable } from "../../provider/core/transfer";
import {
  bulkFill,
  countRows,
  createTable,
  dropTable,
  mysqlEndpoint,
  postgresEndpoint,
  tableOf,
  withConnection,
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
  const running = transferTable({
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

describe("the destination server kills the loading session", () => {
  it("Postgres: rejects promptly, no partial rows, no password in the message", async () => {
    const table = "transfer_faults_pg_killed";
    await createTable(postgresDestination, table, WIDE_COLUMNS);
    try {
      const running = startTransfer(postgresDestination, table, AbortSignal.timeout(60_000));
      // pg_stat_progress_copy shows the COPY has taken rows: we are mid-transfer.
      const pid = await until(() =>
        withConnection(postgresDestination, async (run) => {
          const rows = await run(
            `select a.pid from pg_stat_activity a join pg_stat_progress_copy p using (pid)
               where a.application_name = 'pulumi-dataplane-load' and p.tuples_processed > 0`,
          );
          return rows.length > 0 ? Number(rows[0][0]) : undefined;
        }),
      );
      await withConnection(postgresDestination, (run) => run("select pg_terminate_backend($1)", [pid]));
      const error = await rejectsWithin(running, Date.now());
      expect(error.message).toMatch(/postgres to postgres/);
      expect(error.message).not.toContain("dataplane-pw");
      expect(await countRows(postgresDestination, table)).toBe(0);
    } finally {
      await dropTable(postgresDestination, table);
    }
  });

  it("MariaDB: rejects promptly after KILL, no partial rows", async () => {
    const table = "transfer_faults_maria_killed";
    await createTable(mysqlDestination, table, WIDE_COLUMNS);
    try {
      const running = startTransfer(mysqlDestination, table, AbortSignal.timeout(60_000));
      const id = await until(() =>
        withConnection(mysqlDestination, async (run) => {
          const rows = await run("select id from information_schema.processlist where info like 'LOAD DATA%' and time >= 1");
          return rows.length > 0 ? Number(rows[0][0]) : undefined;
        }),
      );
      await withConnection(mysqlDestination, (run) => run(`KILL ${id}`));
      await rejectsWithin(running, Date.now());
      expect(await countRows(mysqlDestination, table)).toBe(0);
    } finally {
      await dropTable(mysqlDestination, table);
    }
  });
});

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
    const started = Date.now();
    const child = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "test/integration/transfer-abort-child.ts", SOURCE_TABLE],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(child.stdout.trim()).toBe("rejected,rejected");
    expect(child.status, child.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
