import { describe, expect, it } from "vitest";
import { connectionInputsSchema } from "../../provider/resources/connection-schema";

function parse(input: unknown) {
  const result = connectionInputsSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data;
}

describe("connection schema fills defaults", () => {
  it("gives postgres port 5432, database postgres, host localhost, ssl off", () => {
    expect(parse({ type: "postgres", configuration: { user: "app" } }).configuration).toEqual({
      host: "localhost",
      port: 5432,
      database: "postgres",
      user: "app",
      ssl: false,
    });
  });

  it("gives redshift port 5439", () => {
    expect(parse({ type: "redshift", configuration: { user: "app" } }).configuration).toMatchObject({ port: 5439 });
  });

  it("gives mysql port 3306 and no database", () => {
    const configuration = parse({ type: "mysql", configuration: { user: "app" } }).configuration;
    expect(configuration).toEqual({ host: "localhost", port: 3306, user: "app", ssl: false });
  });

  it("gives duckdb readOnly false", () => {
    expect(parse({ type: "duckdb", configuration: { path: "x.duckdb" } }).configuration).toEqual({
      path: "x.duckdb",
      readOnly: false,
    });
  });

  it("fills the common fields: dryRun error, 10 s timeout, every table, empty credentials", () => {
    const inputs = parse({ type: "postgres", configuration: { user: "app" } });
    expect(inputs).toMatchObject({
      dryRun: "error",
      testTimeoutSeconds: 10,
      includeTables: ["*"],
      excludeTables: [],
      excludeAllTables: false,
      requirePrivileges: [],
      credentials: {},
    });
  });

  it('treats port "5432" and 5432 as the same value', () => {
    const asText = parse({ type: "postgres", configuration: { user: "app", port: "5432" } });
    const asNumber = parse({ type: "postgres", configuration: { user: "app", port: 5432 } });
    expect(asText).toEqual(asNumber);
    expect(asText.configuration).toMatchObject({ port: 5432 });
  });

  it('treats testTimeoutSeconds "2.5" as 2.5', () => {
    expect(parse({ type: "mysql", configuration: { user: "app" }, testTimeoutSeconds: "2.5" }).testTimeoutSeconds).toBe(2.5);
  });

  it("writes a default out the same as leaving it out", () => {
    const omitted = parse({ type: "mysql", configuration: { user: "app" } });
    const written = parse({
      type: "mysql",
      configuration: { user: "app", host: "localhost", port: 3306, ssl: false },
      dryRun: "error",
      testTimeoutSeconds: 10,
      includeTables: ["*"],
    });
    expect(written).toEqual(omitted);
  });
});
