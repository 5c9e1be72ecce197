import { describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { publicationInputsSchema } from "../../provider/resources/publication-schema";
import { convertedColumn, trinoRowMover } from "../../provider/vendors/trino/mover";
import type { ResultColumn } from "../../provider/core/vendor-contract";
import { trinoNativeType } from "../../provider/vendors/trino/types";

const column = (name: string, nativeType: string): ResultColumn => ({ name, nativeType, type: trinoNativeType(nativeType) });
const duck = { type: "duckdb", configuration: { path: "x.duckdb" }, credentials: {} };

describe("a publication's engine", () => {
  it("must be a connection that moves rows: check names engine.connection before any network call", async () => {
    const result = await publication.check(
      {},
      {
        resourceName: "moved",
        source: { connection: duck, result: { path: ["main"], table: "source" } },
        connection: duck,
        path: ["main"],
        table: "target",
        action: "create",
        engine: { connection: duck, sourceCatalog: "one", targetCatalog: "two" },
      },
    );
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: "engine.connection",
        reason: expect.stringMatching(/of type trino.*a duckdb connection cannot/),
      }),
    ]);
  });
});

describe("an update that publishes nothing again", () => {
  it("drops the inputs removed since (deleteBehavior here) from the state: no diff after it, destroy follows the new inputs", async () => {
    const inputs = {
      resourceName: "kept",
      source: { connection: duck, result: { path: ["main"], table: "source" } },
      connection: duck,
      path: ["main"],
      table: "target",
      action: "create",
    };
    // Inputs as check hands them on (defaults filled in), and the state an earlier up left.
    const news = publicationInputsSchema.parse(inputs);
    const stored = { ...news, deleteBehavior: "keep", publicationId: "p", status: "PUBLISHED", rowCount: 1, stateVersion: 1 };
    const { outs } = await publication.update("p", stored, news);
    expect(outs.deleteBehavior).toBeUndefined();
    expect(outs.rowCount).toBe(1);
    expect((await publication.diff("p", outs, news)).changes).toBe(false);
  });
});

describe("the row mover's INSERT … SELECT", () => {
  it("names a table of a catalog as [catalog, schema] and casts each column to the target catalog's type", () => {
    const source = { table: trinoRowMover.tableIn("postgresql", { path: ["public"], table: "result" }), columns: [] as ResultColumn[] };
    expect(source.table).toEqual({ path: ["postgresql", "public"], table: "result" });
    const sql = trinoRowMover.insertSelect(
      { table: source.table, columns: [column("id", "integer"), column("At", "timestamp(6) with time zone")] },
      { table: { path: ["mysql", "db"], table: "target" }, columns: [column("id", "bigint"), column("at", "timestamp(6)")] },
      ["id", "At"],
    );
    expect(sql).toBe(
      `insert into "mysql"."db"."target" ("id", "at") select CAST("id" AS bigint), CAST(at_timezone("at", 'UTC') AS timestamp(6)) from "postgresql"."public"."result"`,
    );
  });

  it("names a preview's write probe: a table made from the source's columns, without rows", () => {
    expect(
      trinoRowMover.createTableAs({ path: ["postgresql", "public"], table: "result" }, { path: ["mysql", "db"], table: "probe" }, [
        "Id",
        "label",
      ]),
    ).toBe(`create table "mysql"."db"."probe" as select "id", "label" from "postgresql"."public"."result" with no data`);
  });

  it("never casts text to a bounded length (the INSERT refuses a longer value, where CAST would cut it)", () => {
    expect(convertedColumn("label", column("label", "varchar"), column("label", "varchar(8)"))).toBe(`"label"`);
    expect(convertedColumn("id", column("id", "uuid"), column("id", "char(36)"))).toBe(`CAST("id" AS VARCHAR)`);
  });

  it("writes JSON as its text where the target column is text, and leaves equal types alone", () => {
    expect(convertedColumn("doc", column("doc", "json"), column("doc", "varchar"))).toBe(`json_format("doc")`);
    expect(convertedColumn("n", column("n", "decimal(12,2)"), column("n", "decimal(12,2)"))).toBe(`"n"`);
  });
});
