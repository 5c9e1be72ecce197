/**
 * Each vendor's classify says `tableMissing` for a table the SQL names that does not exist,
 * whatever its database's wording: job preview relies on it (a step reading a table an earlier,
 * not-run step creates is known after the run), in place of matching messages in core.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataSession, Vendor } from "../../provider/core/vendor-contract";
import { loadVendor, vendors } from "../../provider/vendors/registry";
import { uniqueName } from "../support/admin";
import { loadFixtures, partition, type Place } from "../support/vendors";

describe("every registered vendor", async () => {
  const { covered, excluded } = partition(await loadFixtures(), (fixture) => fixture.place);
  it.each(excluded)("tableMissing on %s cannot be shown here: %s", (_vendor, reason) => {
    expect(reason).not.toBe("");
  });

  describe.each(covered)("tableMissing on %s", (type, reachPlace) => {
    let place: Place;
    let vendor: Vendor;
    let session: DataSession;
    beforeAll(async () => {
      place = await reachPlace();
      vendor = await loadVendor(type);
      const { configuration, credentials } = place.connection;
      session = await vendor.openData(
        { configuration: vendors[type].configuration.parse(configuration), credentials: vendors[type].credentials.parse(credentials) },
        AbortSignal.timeout(60_000),
      );
    }, 120_000);
    afterAll(async () => {
      await session?.close();
      await place?.close();
    });

    async function failureOf(sql: string): Promise<unknown> {
      try {
        await session.rows(sql);
      } catch (error) {
        return error;
      }
      throw new Error(`${sql} succeeded`);
    }

    it("a query on a table that does not exist fails as tableMissing", async () => {
      const error = await failureOf(`select * from ${place.qualified(uniqueName("no_such_table"))}`);
      expect(vendor.classify(error), String(error)).toBe("tableMissing");
    });

    // A schema an earlier, not-run step creates is as much "known after the run" as a table.
    it("a query on a table in a schema that does not exist fails as tableMissing", async () => {
      const error = await failureOf(`select * from ${place.quote(uniqueName("no_such_schema"))}.${place.quote("orders")}`);
      expect(vendor.classify(error), String(error)).toBe("tableMissing");
    });

    it("a query naming a column that does not exist is not tableMissing", async () => {
      const table = uniqueName("has_one_column");
      await place.admin(`create table ${place.qualified(table)} (${place.quote("id")} ${place.integerType ?? place.textType})`);
      try {
        const error = await failureOf(`select ${place.quote("no_such_column")} from ${place.qualified(table)}`);
        expect(vendor.classify(error), String(error)).not.toBe("tableMissing");
      } finally {
        await place.admin(`drop table ${place.qualified(table)}`);
      }
    });

    // Preview defers a tableMissing to the run, and a databaseMissing names the connection's
    // database as the fix: a misspelled function is neither, wherever it is called.
    it.each([
      ["as a scalar", "select no_such_function_zz(1) as x"],
      ["in FROM (a table function where the database has them)", "select * from no_such_function_zz(1)"],
    ])("calling a function that does not exist %s is neither tableMissing nor databaseMissing", async (_where, sql) => {
      const error = await failureOf(sql);
      expect(["tableMissing", "databaseMissing"], String(error)).not.toContain(vendor.classify(error));
    });
  });
});
