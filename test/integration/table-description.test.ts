/**
 * One table description per vendor: what preview reports about a table is what `up` reports.
 * For every vendor of the registry a table with every canonical column kind (a JSON column and
 * NOT NULL columns among them) is made by the administrator, then
 *  1. the Publication's target check (preview: a session opened for preview, canonicalised as
 *     check does) and its `up` (the columns it publishes into, recorded as targetColumns) see
 *     the same names, canonical types and nullability, and those are what the table was made
 *     with (as the vendor's type mapping reads them back);
 *  2. a JobGroup reading every column reports at preview (check → result.columns) the names
 *     and canonical types its `up` reports (create → result.columns) for the result table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column } from "../../provider/core/columns";
import { canonicalColumns } from "../../provider/core/transfer";
import type { ResultColumn } from "../../provider/core/vendor-contract";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { loadVendor, vendors, type VendorType } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { columnDdlType } from "../support/transfer-between";
import { loadFixtures, partition, type Place, type VendorFixture } from "../support/vendors";

/** Every canonical kind once; the key, a JSON document and a flag may not be NULL. */
const COLUMNS: Column[] = [
  { name: "id", type: { kind: "bigint" }, nullable: false },
  { name: "flag", type: { kind: "boolean" }, nullable: false },
  { name: "small", type: { kind: "smallint" }, nullable: true },
  { name: "whole", type: { kind: "integer" }, nullable: true },
  { name: "amount", type: { kind: "numeric", precision: 12, scale: 2 }, nullable: true },
  { name: "ratio", type: { kind: "real" }, nullable: true },
  { name: "measure", type: { kind: "double" }, nullable: true },
  { name: "note", type: { kind: "text" }, nullable: true },
  { name: "day", type: { kind: "date" }, nullable: true },
  { name: "clock", type: { kind: "time" }, nullable: true },
  { name: "local_at", type: { kind: "timestamp" }, nullable: true },
  { name: "happened_at", type: { kind: "timestamptz" }, nullable: true },
  { name: "payload", type: { kind: "json" }, nullable: false },
  { name: "document", type: { kind: "json" }, nullable: true },
  { name: "bytes", type: { kind: "binary" }, nullable: true },
  { name: "uid", type: { kind: "uuid" }, nullable: true },
];

const namesAndTypes = (columns: readonly Column[]) => columns.map(({ name, type }) => ({ name, type }));

function expectedColumns(fixture: VendorFixture): Column[] {
  return COLUMNS.map((column) => ({ ...column, type: fixture.typeReadBack?.[column.type.kind] ?? column.type }));
}

// Every registered vendor, through its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const fixtures = await loadFixtures();
  const { covered, excluded } = partition(fixtures, (fixture) => fixture.place);
  it.each(excluded)("table description on %s cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });
  for (const [vendor, reachPlace] of covered) {
    const fixture = fixtures.find((candidate) => candidate.type === vendor) as VendorFixture;
    describe(`table description on ${vendor}`, () => {
      let place: Place;
      const created: string[] = [];
      const canonical = (columns: readonly ResultColumn[]) => canonicalColumns(vendors[vendor].columnTypes, columns);

      /** A table made by the administrator with COLUMNS, as the vendor's own DDL types. */
      async function wideTable(prefix: string): Promise<string> {
        const table = uniqueName(prefix);
        created.push(table);
        if (fixture.createTable) {
          await fixture.createTable(place, table, COLUMNS);
          return table;
        }
        const definitions = COLUMNS.map(
          (column) => `${place.quote(column.name)} ${columnDdlType(vendor, column.type)}${column.nullable ? "" : " not null"}`,
        );
        await place.admin(`create table ${place.qualified(table)} (${definitions.join(", ")})`);
        return table;
      }

      beforeAll(async () => {
        place = await reachPlace();
      }, 120_000);

      afterAll(async () => {
        for (const table of created) await place?.admin(`drop table if exists ${place.qualified(table)}`).catch(() => undefined);
        await place?.close();
      });

      it("the publication's target check and its up see the same columns, types and nullability", async () => {
        const target = await wideTable("described_target");
        const source = await wideTable("described_source");
        const connection = place.connection as { type: VendorType; configuration: unknown; credentials: unknown };
        const runtime = await loadVendor(vendor);
        const parsed = {
          configuration: vendors[vendor].configuration.parse(connection.configuration),
          credentials: vendors[vendor].credentials.parse(connection.credentials),
        };

        // What the target check reads at preview: a session opened for preview, canonicalised as check does.
        const session = await runtime.openData(parsed, AbortSignal.timeout(60_000), { preview: true });
        let atPreview: Column[];
        try {
          atPreview = canonical((await session.describeTable({ path: place.path, table: target })) ?? []);
        } finally {
          await session.close();
        }

        const inputs = {
          resourceName: `described-${vendor}`,
          source: { jobGroupId: "job", runId: "run-1", connection: place.connection, result: { path: place.path, table: source } },
          connection: place.connection,
          path: place.path,
          table: target,
          action: "load",
        };
        const checked = await publication.check({}, inputs);
        expect(checked.failures ?? []).toEqual([]);
        const up = await publication.create(checked.inputs);
        const atUp = canonical(up.outs.targetColumns as ResultColumn[]);

        expect(atUp).toEqual(atPreview);
        expect(atPreview).toEqual(expectedColumns(fixture));
      });

      it("a job's result columns at preview are those its up reports", async () => {
        const table = await wideTable("described_job_source");
        const output = uniqueName("described_job");
        created.push(output);
        const select = `select ${COLUMNS.map((column) => place.quote(column.name)).join(", ")} from ${place.qualified(table)}`;
        const checked = await jobGroup.check(
          {},
          {
            resourceName: `described-job-${vendor}`,
            connection: place.connection,
            steps: [{ name: "all", sql: select }],
            output: { path: place.path, table: output },
          },
        );
        expect(checked.failures ?? []).toEqual([]);
        const atPreview = (checked.inputs.result as { columns?: ResultColumn[] }).columns;
        expect(atPreview, "preview knows the result's columns").toBeDefined();
        const up = await jobGroup.create(checked.inputs);
        const atUp = (up.outs.result as { columns: ResultColumn[] }).columns;
        // A query's result columns carry no nullability (the planner does not promise it): names and types are compared.
        expect(namesAndTypes(canonical(atPreview ?? []))).toEqual(namesAndTypes(canonical(atUp)));
        expect(atUp.map((column) => column.name)).toEqual(COLUMNS.map((column) => column.name));
      });
    });
  }
});
