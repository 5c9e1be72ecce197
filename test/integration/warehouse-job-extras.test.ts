/**
 * What a job adds on top of its result, on each warehouse: the profiler (null count, min and
 * max per column, computed in the warehouse) and writeSettings (the result streamed out of
 * the warehouse into a scratch DuckDB file whose writers produce the file).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { createDataset } from "../support/bigquery-admin";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { trinoEndpoint } from "../support/trino-tables";
import { uniqueName } from "../support/admin";

type Warehouse = "snowflake" | "bigquery" | "trino";

const trinoSchema = uniqueName("job_extras");
const directory = mkdtempSync(join(tmpdir(), "dataplane-warehouse-jobs-"));
let snowflake: FakeSnowflake;
let bigquery: BigqueryEmulator;

function connectionOf(warehouse: Warehouse): Record<string, unknown> {
  switch (warehouse) {
    case "snowflake":
      return { connectionId: "sf", type: "snowflake", configuration: snowflake.configuration(), credentials: { password: "any-pw" } };
    case "bigquery":
      return { connectionId: "bq", type: "bigquery", configuration: bigquery.configuration(), credentials: {} };
    case "trino":
      return { connectionId: "tr", type: "trino", ...trinoEndpoint(trinoSchema).target };
  }
}

/** The same three rows on every engine, one of them with NULLs, from a VALUES-free SELECT each engine reads. */
const RESULT_SQL: Record<Warehouse, string> = {
  snowflake: `select 1 as "id", 'b' as "label" union all select 2, null union all select 3, 'a'`,
  bigquery: "select 1 as id, 'b' as label union all select 2, null union all select 3, 'a'",
  trino: "select 1 as id, 'b' as label union all select 2, null union all select 3, 'a'",
};

const OUTPUT_PATH: Record<Warehouse, string[]> = { snowflake: ["PUBLIC"], bigquery: ["dataplane"], trino: ["memory", trinoSchema] };

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema if not exists memory.${trinoSchema}`);
  [snowflake, bigquery] = await Promise.all([startFakeSnowflake("JOB_EXTRAS"), startBigqueryEmulator()]);
  await createDataset(bigquery, "dataplane");
}, 60_000);

afterAll(async () => {
  await Promise.all([snowflake?.close(), bigquery?.stop()]);
  rmSync(directory, { recursive: true, force: true });
});

describe.each<Warehouse>(["snowflake", "bigquery", "trino"])("a job on %s", (warehouse) => {
  it("profiles its result and writes it to a CSV file", async () => {
    const file = join(directory, `${warehouse}.csv`);
    const news = {
      resourceName: `extras-${warehouse}`,
      connection: connectionOf(warehouse),
      steps: [{ name: "result", sql: RESULT_SQL[warehouse] }],
      output: { path: OUTPUT_PATH[warehouse], table: uniqueName("extras") },
      overrides: { profiler: true, writeSettings: [{ path: file, format: "csv", header: true }] },
    };
    const checked = await jobGroup.check({}, news);
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await jobGroup.create(checked.inputs);
    try {
      expect((outs.jobs as Array<{ stage: string }>).map((job) => job.stage)).toEqual(["query", "write", "profile"]);
      const profile = outs.profile as Array<{ name: string; nullCount: number; min: string | null; max: string | null }>;
      const byName = Object.fromEntries(profile.map((column) => [column.name.toLowerCase(), column]));
      expect(byName.id).toMatchObject({ nullCount: 0, min: "1", max: "3" });
      expect(byName.label).toMatchObject({ nullCount: 1, min: "a", max: "b" });
      expect(existsSync(file)).toBe(true);
      const lines = readFileSync(file, "utf8").trim().split("\n");
      expect(lines[0].toLowerCase()).toBe("id,label");
      expect(lines.slice(1).sort()).toEqual(["1,b", "2,", "3,a"]);
    } finally {
      await jobGroup.remove(id, outs);
    }
  });
});
