import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { connectionReferences } from "../support/admin";

/** overrides.writeSettings: the result written to files, on an embedded and on a server database. */
const scratch = mkdtempSync(join(tmpdir(), "job-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const connections = connectionReferences(join(scratch, "files.duckdb"));

const RESULT_SQL = "select 1 as id, 'tab\there' as note union all select 2, null order by id";

async function run(vendor: keyof typeof connections, writeSettings: unknown[]): Promise<void> {
  const inputs = {
    resourceName: `files-${vendor}`,
    connection: connections[vendor],
    steps: [{ name: "result", sql: RESULT_SQL }],
    output: { table: `files_${vendor}_${process.pid}` },
    overrides: { writeSettings },
  };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  const { id, outs } = await jobGroup.create(checked.inputs);
  expect((outs.jobs as Array<{ stage: string }>).map((job) => job.stage)).toEqual(["query", ...writeSettings.map(() => "write")]);
  await jobGroup.remove(id, outs);
}

async function readParquet(file: string): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`select id, note from read_parquet('${file}') order by id`);
    connection.closeSync();
    return reader.getRowObjectsJS();
  } finally {
    instance.closeSync();
  }
}

describe.each(["duckdb", "postgres"] as const)("writeSettings on %s", (vendor) => {
  const file = (name: string) => join(scratch, `${vendor}-${name}`);

  it("writes csv with a header and delimiter, gzip, newline-delimited json and parquet", async () => {
    await run(vendor, [
      { path: file("plain.csv"), delim: ";" },
      { path: file("zipped.csv.gz"), compression: "gzip", header: false },
      { path: file("lines.json"), format: "json" },
      { path: file("table.parquet"), format: "parquet", compression: "gzip" },
    ]);

    expect(readFileSync(file("plain.csv"), "utf8").split("\n")).toEqual(["id;note", "1;tab\there", "2;", ""]);
    expect(
      gunzipSync(readFileSync(file("zipped.csv.gz")))
        .toString()
        .trim()
        .split("\n"),
    ).toHaveLength(2);
    const lines = readFileSync(file("lines.json"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { id: 1, note: "tab\there" },
      { id: 2, note: null },
    ]);
    expect(await readParquet(file("table.parquet"))).toEqual([
      { id: 1, note: "tab\there" },
      { id: 2, note: null },
    ]);
  });

  it("refuses to overwrite with action create, overwrites, and appends without a second header", async () => {
    writeFileSync(file("existing.csv"), "old\n");
    const preview = await jobGroup.check(
      {},
      {
        connection: connections[vendor],
        steps: [{ name: "result", sql: RESULT_SQL }],
        overrides: { writeSettings: [{ path: file("existing.csv") }] },
      },
    );
    expect(preview.failures).toEqual([
      {
        property: "overrides.writeSettings[0].path",
        reason: expect.stringMatching(/exists and this job did not write it, and action is create/),
      },
    ]);
    expect(readFileSync(file("existing.csv"), "utf8")).toBe("old\n");

    await run(vendor, [{ path: file("existing.csv"), action: "overwrite" }]);
    expect(readFileSync(file("existing.csv"), "utf8").trim().split("\n")).toHaveLength(3);
    await run(vendor, [{ path: file("existing.csv"), action: "append" }]);
    const appended = readFileSync(file("existing.csv"), "utf8").trim().split("\n");
    expect(appended).toHaveLength(5);
    expect(appended.filter((line) => line === "id,note")).toHaveLength(1);
  });

  it("writes a folder of files when asSingleFile is false", async () => {
    await run(vendor, [{ path: file("parts"), asSingleFile: false }]);
    expect(existsSync(file("parts"))).toBe(true);
    const rows = readdirSync(file("parts")).flatMap((part) =>
      readFileSync(join(file("parts"), part), "utf8")
        .trim()
        .split("\n")
        .slice(1),
    );
    expect(rows.sort()).toHaveLength(2);
  });

  it("refuses parquet with append in check, naming the property", async () => {
    const result = await jobGroup.check(
      {},
      {
        connection: connections[vendor],
        steps: [{ name: "result", sql: RESULT_SQL }],
        overrides: { writeSettings: [{ path: file("x.parquet"), format: "parquet", action: "append" }] },
      },
    );
    expect(result.failures?.[0].property).toBe("overrides.writeSettings[0].action");
  });
});
