import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, scratchConnections, sql, uniqueName } from "./job-group-fixtures";

/** overrides.writeSettings on DuckDB jobs: each format and action, read back from the files. */
const { scratch, connections } = scratchConnections("job-write-files");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RESULT_SQL = "select 1 as id, 'a;b \"q\"' as label union all select 2, null order by id";

async function runJob(writeSettings: Array<Record<string, unknown>>, resultSql = RESULT_SQL): Promise<Record<string, unknown>> {
  const inputs = await checked({
    resourceName: "write-files",
    connection: connections.duckdb,
    steps: [{ name: "result", sql: resultSql }],
    output: { table: uniqueName("files") },
    overrides: { writeSettings },
  });
  const { id, outs } = await jobGroup.create(inputs);
  await jobGroup.remove(id, outs);
  return outs;
}

const file = (name: string): string => join(scratch, name);

describe("writeSettings on a DuckDB job", () => {
  it("csv with a header and a custom delimiter; one write stage per file", async () => {
    const outs = await runJob([
      { path: file("pipe.csv"), delim: "|" },
      { path: file("bare.csv"), header: false },
    ]);
    expect(readFileSync(file("pipe.csv"), "utf8")).toBe('id|label\n1|"a;b ""q"""\n2|\n');
    expect(readFileSync(file("bare.csv"), "utf8")).toBe('1,"a;b ""q"""\n2,\n');
    const jobs = outs.jobs as Array<{ stage: string; rowCount: number }>;
    expect(jobs.map((job) => [job.stage, job.rowCount])).toEqual([
      ["query", 2],
      ["write", 2],
      ["write", 2],
    ]);
    expect((outs.jobGraph as { edges: unknown[] }).edges).toHaveLength(2);
  });

  it("gzip-compressed csv reads back with zlib", async () => {
    await runJob([{ path: file("rows.csv.gz"), compression: "gzip", delim: ";" }]);
    const bytes = readFileSync(file("rows.csv.gz"));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(bytes).toString("utf8")).toBe('id;label\n1;"a;b ""q"""\n2;\n');
  });

  it("json is one object per line", async () => {
    await runJob([{ path: file("rows.json"), format: "json" }]);
    const lines = readFileSync(file("rows.json"), "utf8").trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { id: 1, label: 'a;b "q"' },
      { id: 2, label: null },
    ]);
  });

  it("parquet reads back with read_parquet", async () => {
    await runJob([{ path: file("rows.parquet"), format: "parquet" }]);
    const rows = await sql(connections, "duckdb", `select id, label from read_parquet('${file("rows.parquet")}') order by id`);
    expect(rows).toEqual([
      { id: 1, label: 'a;b "q"' },
      { id: 2, label: null },
    ]);
  });

  it("create fails at preview when a file the job did not write exists, and leaves it alone; overwrite replaces; append adds rows without a header", async () => {
    writeFileSync(file("kept.csv"), "someone else's file\n");
    const preview = await jobGroup.check(
      {},
      {
        resourceName: "write-files",
        connection: connections.duckdb,
        steps: [{ name: "result", sql: RESULT_SQL }],
        overrides: { writeSettings: [{ path: file("kept.csv") }] },
      },
    );
    expect(preview.failures).toEqual([
      { property: "overrides.writeSettings[0].path", reason: expect.stringMatching(/exists and this job did not write it/) },
    ]);
    expect(readFileSync(file("kept.csv"), "utf8")).toBe("someone else's file\n");

    await runJob([{ path: file("kept.csv"), action: "overwrite" }], "select 1 as id, 'x' as label");
    expect(readFileSync(file("kept.csv"), "utf8")).toBe("id,label\n1,x\n");
    await runJob([{ path: file("kept.csv"), action: "append" }], "select 2 as id, 'y' as label");
    expect(readFileSync(file("kept.csv"), "utf8")).toBe("id,label\n1,x\n2,y\n");
  });

  it("append to a missing file writes it whole, header included; gzip appends stay one readable stream", async () => {
    expect(existsSync(file("new.csv.gz"))).toBe(false);
    await runJob([{ path: file("new.csv.gz"), action: "append", compression: "gzip" }], "select 1 as id");
    await runJob([{ path: file("new.csv.gz"), action: "append", compression: "gzip" }], "select 2 as id");
    expect(gunzipSync(readFileSync(file("new.csv.gz"))).toString("utf8")).toBe("id\n1\n2\n");
  });

  it("json append adds lines", async () => {
    await runJob([{ path: file("more.json"), format: "json", action: "append" }], "select 1 as id");
    await runJob([{ path: file("more.json"), format: "json", action: "append" }], "select 2 as id");
    expect(
      readFileSync(file("more.json"), "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("a path holding a quote is written where it says", async () => {
    const quoted = file("it's.csv");
    await runJob([{ path: quoted }], "select 1 as id");
    expect(readFileSync(quoted, "utf8")).toBe("id\n1\n");
  });
});
