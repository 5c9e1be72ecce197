import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../provider/core/unknown-values";
import * as connection from "../../provider/resources/connection";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";

/*
 * The engine shows a dynamic resource's preview diff by comparing the stored inputs with what
 * check returns. When check deferred (an upstream value unknown) it returned the candidate as
 * given: defaults missing and unknown ids dropped, so adopt, keys, timeoutSeconds and
 * connectionId showed as removed. Check must return defaults filled in and unknowns kept.
 */
const duckdb = { connectionId: "duckdb-1", type: "duckdb", configuration: { path: ":memory:", readOnly: false }, credentials: {} };

describe("check keeps defaults and unknown values while it defers", () => {
  it("a publication whose source job is being updated: defaults filled, unknown ids kept as unknown", async () => {
    const news = {
      resourceName: "published",
      source: { jobGroupId: "job-1", runId: UNKNOWN_VALUE, connection: duckdb, result: UNKNOWN_VALUE },
      connection: { ...duckdb, connectionId: UNKNOWN_VALUE },
      path: ["main"],
      table: "target",
      action: "createAndLoad",
    };
    const { inputs, failures } = await publication.check({}, news);
    expect(failures ?? []).toEqual([]);
    expect(inputs).toMatchObject({ adopt: false, keys: [], timeoutSeconds: 3600 });
    expect((inputs.connection as Record<string, unknown>).connectionId).toBe(UNKNOWN_VALUE);
    expect((inputs.source as Record<string, unknown>).runId).toBe(UNKNOWN_VALUE);
    expect((inputs.source as Record<string, unknown>).result).toBe(UNKNOWN_VALUE);
  });

  it("a job whose connection is being replaced: defaults filled, connectionId kept as unknown", async () => {
    const news = {
      resourceName: "job",
      connection: { ...duckdb, connectionId: UNKNOWN_VALUE, configuration: { path: UNKNOWN_VALUE } },
      steps: [{ name: "result", sql: "select 1 as one" }],
    };
    const { inputs, failures } = await jobGroup.check({}, news);
    expect(failures ?? []).toEqual([]);
    expect(inputs).toMatchObject({
      runParameters: {},
      output: {},
      overrides: { profiler: false, writeSettings: [] },
      timeoutSeconds: 3600,
    });
    expect((inputs.connection as Record<string, unknown>).connectionId).toBe(UNKNOWN_VALUE);
  });

  it("a job that is checked (only the connection's id unknown) keeps that id unknown, not removed", async () => {
    const news = {
      resourceName: "job",
      connection: { ...duckdb, connectionId: UNKNOWN_VALUE },
      steps: [{ name: "result", sql: "select 1 as one" }],
    };
    const { inputs, failures } = await jobGroup.check({}, news);
    expect(failures ?? []).toEqual([]);
    expect((inputs.connection as Record<string, unknown>).connectionId).toBe(UNKNOWN_VALUE);
    expect(inputs).toHaveProperty("__testedConfigurationHash");
    // The result leaves the unknown id out: one unknown field would hide its columns from the
    // program at preview (examples/warehouses prints them), which preview promises.
    expect(inputs.result).toMatchObject({ columns: [expect.objectContaining({ name: "one" })] });
    expect(JSON.stringify(inputs.result)).not.toContain(UNKNOWN_VALUE);
  });

  it("at preview (the sdk's __preview) a job's row count is unknown, not undefined; at up check returns no unknown at all", async () => {
    const news = { resourceName: "job", connection: duckdb, steps: [{ name: "result", sql: "select 1 as one" }] };
    const previewed = await jobGroup.check({}, { ...news, __preview: true });
    expect(previewed.failures ?? []).toEqual([]);
    expect(previewed.inputs.result).toMatchObject({ rowCount: UNKNOWN_VALUE, connectionId: "duckdb-1", columns: [{ name: "one" }] });
    expect(previewed.inputs).not.toHaveProperty("__preview");
    // The engine refuses unknown values in what check returns at up (RejectUnknowns).
    const applied = await jobGroup.check({}, { ...news, __preview: false });
    expect(JSON.stringify(applied.inputs)).not.toContain(UNKNOWN_VALUE);
    expect(applied.inputs).not.toHaveProperty("__preview");
  });

  it("a connection whose host is unknown: the other inputs' defaults are filled", async () => {
    const { inputs } = await connection.check(
      {},
      { type: "postgres", configuration: { host: UNKNOWN_VALUE, user: "app" }, credentials: { password: "pw" } },
    );
    expect(inputs).toMatchObject({
      includeTables: ["*"],
      excludeTables: [],
      excludeAllTables: false,
      dryRun: "error",
      testTimeoutSeconds: 10,
      requirePrivileges: [],
    });
    expect((inputs.configuration as Record<string, unknown>).host).toBe(UNKNOWN_VALUE);
  });
});
