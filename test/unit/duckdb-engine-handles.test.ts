import { describe, expect, it } from "vitest";
import { connectEngine } from "../../provider/vendors/duckdb/connection";
import { engineInstance, releaseEngine, type EngineTarget } from "../../provider/vendors/duckdb/handles";

/**
 * The DuckDB engine's instances are shared per process (one per database and instance
 * options), so sessions, data sessions and transfers all reach the same one; other options
 * (another token) get an instance of their own, and release closes them all.
 */
describe("DuckDB engine handles", () => {
  const oneThread: EngineTarget = { database: ":memory:", readOnly: false, options: { threads: "1" } };
  const twoThreads: EngineTarget = { database: ":memory:", readOnly: false, options: { threads: "2" } };

  it("one instance per database and options, shared by every connection; release closes each", async () => {
    expect(await engineInstance(oneThread)).toBe(await engineInstance({ ...oneThread, options: { threads: "1" } }));
    expect(await engineInstance(twoThreads)).not.toBe(await engineInstance(oneThread));

    const first = await connectEngine(oneThread);
    await first.connection.run("create table shared (x integer)");
    first.close();
    const second = await connectEngine(oneThread, { utc: true });
    const rows = (
      await second.connection.runAndReadAll(
        "select current_setting('TimeZone') as zone, count(*) as tables from duckdb_tables() where table_name = 'shared'",
      )
    ).getRowObjectsJS();
    second.close();
    expect(rows).toEqual([{ zone: "UTC", tables: 1n }]);

    const before = await engineInstance(oneThread);
    await releaseEngine({ database: ":memory:", readOnly: false });
    expect(await engineInstance(oneThread)).not.toBe(before);
    expect(await engineInstance(twoThreads)).not.toBe(await engineInstance(oneThread));
    await releaseEngine({ database: ":memory:", readOnly: false });
  });
});
