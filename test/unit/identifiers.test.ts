import { describe, expect, it } from "vitest";
import { identifierField, tableNameFor } from "../../provider/core/identifiers";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";

const HOSTILE = ["x; drop table y", 'a"b', "a`b", "a.b", "", "a".repeat(64), "1abc", "tàble", "a b", "a'--"];

const connection = {
  type: "duckdb",
  configuration: { path: ":memory:" },
  credentials: {},
};

describe("identifiers reaching SQL", () => {
  it("accepts plain SQL names and refuses anything else", () => {
    for (const name of ["orders", "_tmp", "Orders_2026", "a".repeat(63)]) expect(identifierField.safeParse(name).success).toBe(true);
    for (const name of HOSTILE) expect(identifierField.safeParse(name).success, name).toBe(false);
  });

  it("makes a table name from a resource name", () => {
    expect(tableNameFor("revenue-by-country")).toBe("revenue_by_country");
    expect(tableNameFor("2026 Report")).toBe("_2026_report");
  });

  it.each(HOSTILE)("refuses %j as a job's output table, output path and step name, naming the property", async (name) => {
    for (const [news, property] of [
      [{ output: { table: name } }, "output.table"],
      [{ output: { path: [name] } }, "output.path[0]"],
      [{ steps: [{ name, sql: "select 1" }] }, "steps[0].name"],
    ] as const) {
      const result = await jobGroup.check({}, { connection, steps: [{ name: "s", sql: "select 1" }], ...news });
      expect(result.failures?.map((failure) => failure.property)).toContain(property);
      expect(JSON.stringify(result.failures)).not.toContain(name || "\u0000");
    }
  });

  it.each(HOSTILE)("refuses %j as a publication's path, table and key, naming the property", async (name) => {
    const base = {
      source: { connection, result: { path: ["main"], table: "r" } },
      connection,
      path: ["main"],
      table: "t",
      action: "upsert",
      keys: ["id"],
    };
    for (const [news, property] of [
      [{ table: name }, "table"],
      [{ path: [name] }, "path[0]"],
      [{ keys: [name] }, "keys[0]"],
    ] as const) {
      const result = await publication.check({}, { ...base, ...news });
      expect(result.failures?.map((failure) => failure.property)).toContain(property);
    }
  });

  it("requires keys exactly for upsert", async () => {
    const base = { source: { connection, result: { path: ["main"], table: "r" } }, connection, path: ["main"], table: "t" };
    expect((await publication.check({}, { ...base, action: "upsert" })).failures?.map((failure) => failure.property)).toContain("keys");
    expect((await publication.check({}, { ...base, action: "load", keys: ["id"] })).failures?.map((failure) => failure.property)).toContain(
      "keys",
    );
  });
});
