import { describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { checkPathShape } from "../../provider/resources/path-checks";
import { vendors, type VendorType } from "../../provider/vendors/registry";
import { loadFixtures, type VendorFixture } from "../support/vendors";

/** Every registered vendor's sample connection, from its fixture (names no server a check would reach); loaded as the suite collects. */
let SAMPLES = new Map<VendorType, VendorFixture["sample"]>();

function sample(type: VendorType): Record<string, unknown> {
  return { type, ...SAMPLES.get(type) };
}

function job(type: VendorType, path: string[]): Record<string, unknown> {
  return { connection: sample(type), steps: [{ name: "result", sql: "select 1 as one" }], output: { path } };
}

function published(type: VendorType, path: string[]): Record<string, unknown> {
  const connection = sample(type);
  return { source: { connection, result: { path: ["src"], table: "result" } }, connection, path, table: "target", action: "createAndLoad" };
}

function parsed(type: VendorType): { type: VendorType; configuration: unknown } {
  return { type, configuration: vendors[type].configuration.parse(SAMPLES.get(type)?.configuration) };
}

describe("path shapes of every registered vendor", async () => {
  SAMPLES = new Map((await loadFixtures()).map((fixture) => [fixture.type, fixture.sample]));
  const VENDORS = [...SAMPLES.keys()];

  describe("a path that does not fit its vendor fails check, naming the property and the accepted shape", () => {
    it("MySQL refuses [database, table-ish] (the rows once landed in the second name)", async () => {
      const jobFailures = (await jobGroup.check({}, job("mysql", ["shop", "shop_prod"]))).failures;
      expect(jobFailures).toEqual([
        { property: "output.path", reason: "output.path must be [database] for a mysql connection, not 2 names" },
      ]);
      const publicationFailures = (await publication.check({}, published("mysql", ["shop", "shop_prod"]))).failures;
      expect(publicationFailures).toEqual([{ property: "path", reason: "path must be [database] for a mysql connection, not 2 names" }]);
    });

    it.each(VENDORS)("%s: a path one name longer than its longest form fails in check, for jobs and publications", async (type) => {
      const longest = Math.max(...vendors[type].pathShape.forms.map((form) => form.length));
      const tooLong = Array.from({ length: longest + 1 }, (_, index) => `p${index}`);
      const jobFailures = (await jobGroup.check({}, job(type, tooLong))).failures ?? [];
      expect(jobFailures.map((failure) => failure.property)).toEqual(["output.path"]);
      expect(jobFailures[0].reason).toMatch(new RegExp(`for a ${type} connection`));
      const publicationFailures = (await publication.check({}, published(type, tooLong))).failures ?? [];
      expect(publicationFailures.map((failure) => failure.property)).toEqual(["path"]);
    });

    it.each(VENDORS)("%s: an empty path fails in check", async (type) => {
      expect((await jobGroup.check({}, job(type, []))).failures?.map((failure) => failure.property)).toEqual(["output.path"]);
      expect((await publication.check({}, published(type, []))).failures?.map((failure) => failure.property)).toEqual(["path"]);
    });

    it.each(VENDORS)("%s: every form the vendor names is accepted by the shape check", (type) => {
      for (const form of vendors[type].pathShape.forms) {
        // A database part names the sample's own database, as spelt there.
        const database = String(SAMPLES.get(type)?.configuration.database ?? "shop");
        const path = form.map((part) => (part === "database" ? database : part === "catalog" ? "memory" : `x_${part}`));
        expect(checkPathShape(parsed(type) as never, path, "path"), `${type} ${form.join(",")}`).toBeUndefined();
      }
    });
  });

  describe("rules a path of the right length must still meet", () => {
    it.each(["postgres", "redshift"] as const)("%s: [database, schema] must name the connection's own database", (type) => {
      expect(checkPathShape(parsed(type) as never, ["other_db", "public"], "path")?.reason).toMatch(
        /^path must start with the connection's own database/,
      );
      expect(checkPathShape(parsed(type) as never, ["shop", "public"], "path")).toBeUndefined();
    });

    it("snowflake: [database, schema] must name the connection's database as spelt", () => {
      expect(checkPathShape(parsed("snowflake") as never, ["shop", "PUBLIC"], "path")?.property).toBe("path");
    });

    it("trino: [schema] needs configuration.catalog", () => {
      const withoutCatalog = { type: "trino" as const, configuration: { server: "http://h:1", user: "u" } };
      expect(checkPathShape(withoutCatalog, ["s"], "output.path")?.reason).toMatch(/^output\.path names no catalog/);
      expect(checkPathShape(withoutCatalog, ["memory", "s"], "output.path")).toBeUndefined();
    });

    it("never quotes the names in the path", () => {
      const failure = checkPathShape(parsed("postgres") as never, ["canary-secret-1", "public"], "path");
      expect(JSON.stringify(failure)).not.toContain("canary-secret-1");
    });
  });

  describe("a path is judged even while other values are unknown (check deferred)", () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    it("a job on a connection whose configuration is unknown still fails on a path of the wrong length", async () => {
      const news = {
        connection: { type: "mysql", configuration: { host: UNKNOWN, user: "app" }, credentials: {} },
        steps: [{ name: "r", sql: "select 1" }],
        output: { path: ["shop", "shop_prod"] },
      };
      expect((await jobGroup.check({}, news)).failures).toEqual([
        { property: "output.path", reason: "output.path must be [database] for a mysql connection, not 2 names" },
      ]);
    });

    it("a publication whose source is unknown still fails on a path of the wrong length", async () => {
      const connection = sample("mysql");
      const news = { source: UNKNOWN, connection, path: ["shop", "shop_prod"], table: "t", action: "createAndLoad" };
      expect((await publication.check({}, news)).failures?.map((failure) => failure.property)).toEqual(["path"]);
    });

    it("a rule that needs the configuration waits for it", async () => {
      const news = {
        source: UNKNOWN,
        connection: { ...sample("postgres"), configuration: { host: UNKNOWN, user: "app" } },
        path: ["other_db", "public"],
        table: "t",
        action: "createAndLoad",
      };
      expect((await publication.check({}, news)).failures ?? []).toEqual([]);
    });
  });
});
