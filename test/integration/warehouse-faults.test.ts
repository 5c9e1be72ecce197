/**
 * A warehouse peer killed in the middle of a load: the transfer ends instead of waiting on a
 * server that will never answer, and nothing of the source is touched. (Each warehouse's own
 * tests prove that a failed or aborted load leaves its target as it was; Trino's server is
 * shared by the whole suite, so it is not killed here.)
 *
 * BigQuery's load fails at once. snowflake-sdk retries a statement's request on network
 * errors up to 1,000 times with sleeps of up to 16 s, a limit the driver lets no caller
 * change: a Snowflake load whose server died ends at the publication's own deadline
 * (timeoutSeconds), which this test proves with a short one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferBetween, columnDdlType } from "../support/transfer-between";
import { createDataset, query } from "../support/bigquery-admin";
import { startBigqueryEmulator } from "../support/bigquery-emulator";
import { startFakeSnowflake } from "../support/snowflake-server";
import { createSnowflakeTable, snowflakeEndpoint } from "../support/snowflake-tables";
import { countRows, createTable, dropTable, execute, postgresEndpoint, tableOf, WIDE_COLUMNS, wideRowsSql } from "./transfer-fixtures";

const ROWS = 300_000;
const postgres = postgresEndpoint("dataplane");
const SOURCE_TABLE = `warehouse_fault_source_${Math.random().toString(16).slice(2, 8)}`;

beforeAll(async () => {
  await createTable(postgres, SOURCE_TABLE, WIDE_COLUMNS);
  await execute(postgres, [`insert into public.${SOURCE_TABLE} ${wideRowsSql(ROWS)}`]);
}, 60_000);

afterAll(async () => {
  await dropTable(postgres, SOURCE_TABLE);
});

/** Starts the transfer, kills the peer once rows flow, and measures how long the failure takes to surface. */
async function killMidLoad(
  destination: Parameters<typeof transferBetween>[0]["destination"],
  kill: () => Promise<void>,
  deadlineSeconds: number,
): Promise<{ error: Error; seconds: number }> {
  const running = transferBetween({
    source: { type: "postgres", target: postgres.target, table: tableOf(postgres, SOURCE_TABLE), columns: WIDE_COLUMNS },
    destination,
    signal: AbortSignal.timeout(deadlineSeconds * 1000),
  });
  running.catch(() => undefined);
  // Rows are flowing by then (the whole load takes several seconds on either emulator).
  await new Promise((resolve) => setTimeout(resolve, 400));
  const killedAt = Date.now();
  await kill();
  const error = await running.then(
    () => new Error("the transfer finished although its destination was killed"),
    (failure: Error) => failure,
  );
  return { error, seconds: (Date.now() - killedAt) / 1000 };
}

describe("a warehouse killed mid-load", () => {
  it("Snowflake: the transfer ends at its deadline, naming the pair", async () => {
    const server = await startFakeSnowflake("FAULTS");
    try {
      await createSnowflakeTable(server, "fault_target", WIDE_COLUMNS);
      const { error, seconds } = await killMidLoad(
        { type: "snowflake", target: snowflakeEndpoint(server).target, table: { path: ["PUBLIC"], table: "fault_target" } },
        () => server.close(),
        10,
      );
      expect(error.message).toMatch(/transfer from postgres to snowflake failed/);
      expect(seconds).toBeLessThan(12);
    } finally {
      await server.close();
    }
    // The source is read, never changed.
    expect(await countRows(postgres, SOURCE_TABLE)).toBe(ROWS);
  });

  it("BigQuery: the transfer fails within seconds, naming the pair", async () => {
    const emulator = await startBigqueryEmulator();
    try {
      await createDataset(emulator, "dataplane");
      await query(
        emulator,
        `create table dataplane.fault_target (${WIDE_COLUMNS.map((column) => `\`${column.name}\` ${columnDdlType("bigquery", column.type)}`).join(", ")})`,
      );
      const { error, seconds } = await killMidLoad(
        {
          type: "bigquery",
          target: { configuration: emulator.configuration(), credentials: {} },
          table: { path: ["dataplane"], table: "fault_target" },
        },
        () => emulator.stop(),
        120,
      );
      expect(error.message).toMatch(/transfer from postgres to bigquery failed/);
      expect(seconds).toBeLessThan(15);
    } finally {
      await emulator.stop();
    }
    expect(await countRows(postgres, SOURCE_TABLE)).toBe(ROWS);
  });
});
