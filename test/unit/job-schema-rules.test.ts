import { describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { jobGroupInputsSchema } from "../../provider/resources/job-group-schema";
import { publicationInputsSchema } from "../../provider/resources/publication-schema";

/** Rules of the JobGroup and Publication schemas, judged in check before any connection. */
const connection = { type: "duckdb", configuration: { path: ":memory:" }, credentials: {} };
const steps = [{ name: "result", sql: "select 1 as id" }];

function publicationInputs(extra: Record<string, unknown>): Record<string, unknown> {
  return { source: { connection, result: { path: ["main"], table: "result" } }, connection, path: ["main"], table: "target", ...extra };
}

describe("JobGroup schema", () => {
  it("refuses a repeated step name, naming the repeat", async () => {
    const { failures } = await jobGroup.check(
      {},
      {
        connection,
        steps: [
          { name: "a", sql: "select 1" },
          { name: "b", sql: "select 2" },
          { name: "a", sql: "select 3" },
        ],
      },
    );
    expect(failures).toEqual([{ property: "steps[2].name", reason: expect.stringMatching(/unique/) }]);
  });

  it("refuses parquet with append, naming the action", async () => {
    const { failures } = await jobGroup.check(
      {},
      { connection, steps, overrides: { writeSettings: [{ path: "/tmp/x.parquet", format: "parquet", action: "append" }] } },
    );
    expect(failures).toEqual([
      { property: "overrides.writeSettings[0].action", reason: expect.stringMatching(/parquet.*cannot be appended/) },
    ]);
  });

  it("accepts parquet with overwrite and csv with append", () => {
    for (const setting of [
      { format: "parquet", action: "overwrite" },
      { format: "csv", action: "append" },
    ]) {
      expect(
        jobGroupInputsSchema.safeParse({ connection, steps, overrides: { writeSettings: [{ path: "/tmp/x", ...setting }] } }).success,
      ).toBe(true);
    }
  });

  it("refuses no steps, an empty statement, a bad parameter name and a delimiter of two characters", async () => {
    expect((await jobGroup.check({}, { connection, steps: [] })).failures?.[0].property).toBe("steps");
    expect((await jobGroup.check({}, { connection, steps: [{ name: "s", sql: "" }] })).failures?.[0].property).toBe("steps[0].sql");
    expect((await jobGroup.check({}, { connection, steps, runParameters: { "bad-name": 1 } })).failures?.[0].property).toMatch(
      /^runParameters/,
    );
    expect(
      (await jobGroup.check({}, { connection, steps, overrides: { writeSettings: [{ path: "/tmp/x", delim: ";;" }] } })).failures?.[0]
        .property,
    ).toBe("overrides.writeSettings[0].delim");
  });

  it("names the step whose SQL uses a parameter runParameters lacks", async () => {
    const { failures } = await jobGroup.check(
      {},
      {
        connection,
        steps: [
          { name: "first", sql: "select 1" },
          { name: "second", sql: "select :day" },
        ],
      },
    );
    expect(failures).toEqual([{ property: "steps[1].sql", reason: expect.stringMatching(/step "second".*:day/) }]);
  });
});

describe("Publication schema", () => {
  it("refuses upsert without keys, naming keys", async () => {
    const { failures } = await publication.check({}, publicationInputs({ action: "upsert" }));
    expect(failures).toEqual([{ property: "keys", reason: expect.stringMatching(/key columns.*upsert/) }]);
  });

  it.each(["create", "load", "createAndLoad", "truncateAndLoad", "dropAndLoad"])(
    "refuses keys with action %s, naming keys",
    async (action) => {
      const { failures } = await publication.check({}, publicationInputs({ action, keys: ["id"] }));
      expect(failures).toEqual([{ property: "keys", reason: expect.stringMatching(/only applies to action upsert/) }]);
    },
  );

  it("refuses an unknown action and an unknown deleteBehavior", async () => {
    expect((await publication.check({}, publicationInputs({ action: "merge" }))).failures?.[0].property).toBe("action");
    expect((await publication.check({}, publicationInputs({ action: "load", deleteBehavior: "purge" }))).failures?.[0].property).toBe(
      "deleteBehavior",
    );
  });

  it("accepts upsert with keys and fills in defaults", () => {
    const parsed = publicationInputsSchema.parse(publicationInputs({ action: "upsert", keys: ["id"] }));
    expect(parsed).toMatchObject({ keys: ["id"], adopt: false, timeoutSeconds: 3600 });
    expect(publicationInputsSchema.parse(publicationInputs({ action: "load" })).keys).toEqual([]);
  });
});
