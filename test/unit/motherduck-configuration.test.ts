import { describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { vendors } from "../../provider/vendors/registry";

/**
 * A MotherDuck connection's inputs, refused in check before any network call: each failure
 * names the property and the fix, and repeats no value (a token may sit in any of them).
 */
const CANARY = "canary-md-7d1e";

async function failures(configuration: unknown, credentials: unknown): Promise<Array<{ property: string; reason: string }>> {
  const result = await connection.check({}, { resourceName: "ducks", type: "motherduck", configuration, credentials });
  const found = result.failures ?? [];
  for (const failure of found) expect(failure.reason).not.toContain(CANARY);
  return found;
}

describe("MotherDuck configuration and credentials", () => {
  it.each([
    ["no database", {}, { property: "configuration.database", reason: "configuration.database is required: set it to a string" }],
    [
      "an empty database",
      { database: "" },
      {
        property: "configuration.database",
        reason: expect.stringContaining("must name a MotherDuck database, e.g. analytics (the engine opens md:analytics)"),
      },
    ],
    [
      "the md: prefix",
      { database: `md:${CANARY}` },
      { property: "configuration.database", reason: expect.stringContaining("without the md: prefix (the engine adds it)") },
    ],
    [
      "a token in the name",
      { database: `analytics?motherduck_token=${CANARY}` },
      { property: "configuration.database", reason: expect.stringContaining("the token goes in credentials.token") },
    ],
    [
      "a token in configuration",
      { database: "analytics", token: CANARY },
      { property: "configuration.token", reason: expect.stringContaining("secrets belong in credentials") },
    ],
    [
      "readOnly not a boolean",
      { database: "analytics", readOnly: CANARY },
      { property: "configuration.readOnly", reason: "configuration.readOnly must be a boolean" },
    ],
    [
      "a DuckDB path instead",
      { path: CANARY },
      { property: "configuration.path", reason: expect.stringContaining("configuration.path is not a field of configuration") },
    ],
  ])("%s", async (_what, configuration, expected) => {
    expect(await failures(configuration, { token: CANARY })).toContainEqual(expected);
  });

  it.each([
    ["no token", {}, { property: "credentials.token", reason: "credentials.token is required: set it to a string" }],
    [
      "an empty token",
      { token: "" },
      { property: "credentials.token", reason: expect.stringContaining("must be a MotherDuck access token") },
    ],
    [
      "a password instead",
      { password: CANARY },
      { property: "credentials.password", reason: expect.stringContaining("is not a field of credentials") },
    ],
  ])("%s", async (_what, credentials, expected) => {
    expect(await failures({ database: "analytics" }, credentials)).toContainEqual(expected);
  });

  it("fills readOnly, and takes DuckDB's dialect, types and schema-only paths with jobs in dataplane", () => {
    const motherduck = vendors.motherduck;
    const configuration = motherduck.configuration.parse({ database: "analytics" });
    expect(configuration).toEqual({ database: "analytics", readOnly: false });
    expect(motherduck.pathShape.forms).toEqual([["schema"]]);
    expect(motherduck.defaultJobPath(configuration)).toEqual(["dataplane"]);
    expect(motherduck.columnTypes).toBe(vendors.duckdb.columnTypes);
    expect(motherduck.dialect.placeholders).toBe(vendors.duckdb.dialect.placeholders);
    // Other machines write the same database: the in-process writer queue would not keep them apart.
    expect(vendors.duckdb.dialect.writerLocks).toBe("embedded");
    expect(motherduck.dialect.writerLocks).toBeUndefined();
  });
});
