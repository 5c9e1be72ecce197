import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../support/admin";
import { startSilentServer } from "../support/silent-server";
import { transferBetween } from "../support/transfer-between";
import { createTable, dropTable, mysqlEndpoint, postgresEndpoint, tableOf, WIDE_COLUMNS } from "./transfer-fixtures";

/**
 * A deadline can pass after the source's read started and before the transfer's pipeline reads
 * it, while the sink is still opening (here: a destination that accepts and never answers; in
 * CI, Redshift's sink). The abort closes the source's connection, and its stream fails with an
 * error no pipeline hears yet. Unheard, it ended the process ("Connection terminated
 * unexpectedly", four times in one CI run of the cancellation promise).
 */
const SOURCES = [
  ["postgres", postgresEndpoint()],
  ["mysql", mysqlEndpoint()],
] as const;

let silent: Awaited<ReturnType<typeof startSilentServer>>;
beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(() => silent?.close());

describe.each(SOURCES)("a %s source", (type, source) => {
  const table = uniqueName("abort_before_pipeline");

  beforeAll(() => createTable(source, table, WIDE_COLUMNS));
  afterAll(() => dropTable(source, table));

  it("aborted while the sink still opens: the transfer rejects, and no error goes unheard", async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown): void => void uncaught.push(error);
    process.on("uncaughtException", record);
    try {
      const controller = new AbortController();
      const destination = postgresEndpoint();
      const running = transferBetween({
        source: { type, target: source.target, table: tableOf(source, table), columns: WIDE_COLUMNS },
        destination: {
          type: "postgres",
          target: { ...destination.target, configuration: { ...(destination.target.configuration as object), port: silent.port } },
          table: tableOf(destination, uniqueName("never")),
        },
        signal: controller.signal,
      });
      running.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      controller.abort(new Error("the deadline passed"));
      await expect(running).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", record);
    }
  });
});
