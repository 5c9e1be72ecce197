import { describe, expect, it } from "vitest";
import { IDENTIFIER_PATTERN, tableNameFor } from "../../provider/core/identifiers";
import * as jobGroup from "../../provider/resources/job-group";
import { jobGroupInputsSchema } from "../../provider/resources/job-group-schema";
import * as publication from "../../provider/resources/publication";
import { publicationInputsSchema } from "../../provider/resources/publication-schema";

/** Every name that reaches SQL text is refused in check unless it is a plain SQL name. */
const HOSTILE = ["x; drop table y", 'a"b', "a`b", "a.b", "", "a".repeat(64), "9lives", "tàble", "表", "a-b", "a\nb"];
const VALID = ["orders", "_staging", "Revenue_2026", "a", "A".repeat(63)];

const connection = { type: "duckdb", configuration: { path: ":memory:" }, credentials: {} };

function job(overrides: Record<string, unknown>): Record<string, unknown> {
  return { connection, steps: [{ name: "result", sql: "select 1 as one" }], ...overrides };
}

function published(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    source: { connection, result: { path: ["main"], table: "result" } },
    connection,
    path: ["main"],
    table: "target",
    action: "upsert",
    keys: ["id"],
    ...overrides,
  };
}

const jobCases = (name: string): Array<[Record<string, unknown>, string]> => [
  [{ output: { table: name } }, "output.table"],
  [{ output: { path: [name] } }, "output.path[0]"],
  [{ output: { path: ["ok", name] } }, "output.path[1]"],
  [{ steps: [{ name, sql: "select 1" }] }, "steps[0].name"],
];

const publicationCases = (name: string): Array<[Record<string, unknown>, string]> => [
  [{ table: name }, "table"],
  [{ path: [name] }, "path[0]"],
  [{ keys: ["id", name] }, "keys[1]"],
  [{ source: { connection, result: { path: ["main"], table: name } } }, "source.result.table"],
];

describe("identifiers in check", () => {
  it.each(HOSTILE)("a job refuses %j, naming the property and not echoing the value", async (name) => {
    for (const [news, property] of jobCases(name)) {
      const { failures } = await jobGroup.check({}, job(news));
      expect(
        failures?.map((failure) => failure.property),
        property,
      ).toEqual([property]);
      expect(failures?.[0].reason).toMatch(/plain SQL name|too_small|at most 63/);
      if (name.length > 1) expect(failures?.[0].reason).not.toContain(name);
    }
  });

  it.each(HOSTILE)("a publication refuses %j, naming the property", async (name) => {
    for (const [news, property] of publicationCases(name)) {
      const { failures } = await publication.check({}, published(news));
      expect(
        failures?.map((failure) => failure.property),
        property,
      ).toEqual([property]);
    }
  });

  it.each(VALID)("the schemas accept %j wherever a name goes", (name) => {
    for (const [news] of jobCases(name)) expect(jobGroupInputsSchema.safeParse(job(news)).success).toBe(true);
    for (const [news] of publicationCases(name)) expect(publicationInputsSchema.safeParse(published(news)).success).toBe(true);
  });

  it("refuses an empty path and a path of three parts", async () => {
    expect((await jobGroup.check({}, job({ output: { path: [] } }))).failures?.[0].property).toBe("output.path");
    expect((await jobGroup.check({}, job({ output: { path: ["a", "b", "c"] } }))).failures?.[0].property).toBe("output.path");
    expect((await publication.check({}, published({ path: [] }))).failures?.[0].property).toBe("path");
  });
});

describe("tableNameFor", () => {
  it.each([
    ["orders", "orders"],
    ["Revenue-By-Country", "revenue_by_country"],
    ["2026 report", "_2026_report"],
    ["x; drop table y", "x__drop_table_y"],
    ["tàble", "t_ble"],
    ["a".repeat(80), "a".repeat(63)],
  ])("%j becomes %j, a valid identifier", (resourceName, expected) => {
    expect(tableNameFor(resourceName)).toBe(expected);
    expect(IDENTIFIER_PATTERN.test(tableNameFor(resourceName))).toBe(true);
  });
});
