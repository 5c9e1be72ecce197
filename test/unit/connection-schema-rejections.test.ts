import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";
import { VENDOR_TYPES } from "../../provider/vendors/registry";

describe("connection inputs that are rejected", () => {
  it("names unknown keys in the configuration and at the top level", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { user: "app", hots: "h" }, includeTable: ["*"] });
    const reasons = failures!.map((failure) => failure.reason).join("\n");
    expect(failures!.map((failure) => failure.property).sort()).toEqual(["configuration.hots", "includeTable"]);
    expect(reasons).toContain("configuration.hots is not a field of configuration");
    expect(reasons).toContain("includeTable is not a field of the resource arguments");
  });

  it("rejects unknown credential fields", async () => {
    const { failures } = await check({}, { type: "duckdb", configuration: { path: ":memory:" }, credentials: { password: "x" } });
    expect(failures).toEqual([
      { property: "credentials.password", reason: expect.stringContaining("credentials.password is not a field of credentials") },
    ]);
  });

  it("requires a user for postgres", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { host: "h" } });
    expect(failures).toEqual([{ property: "configuration.user", reason: expect.stringContaining("required") }]);
  });

  it("lists the supported types for an unknown type", async () => {
    const { failures } = await check({}, { type: "oracle", configuration: {} });
    // Every registered type, in registry order: the list is the registry's, not written here.
    expect(failures).toEqual([{ property: "type", reason: `type must be one of ${VENDOR_TYPES.join(", ")}` }]);
    expect(VENDOR_TYPES).toContain("postgres");
  });

  it("requires a type", async () => {
    const { failures } = await check({}, { configuration: { user: "app" } });
    expect(failures!.length).toBeGreaterThan(0);
    expect(failures![0].property).toBe("type");
  });

  it("rejects a malformed table pattern", async () => {
    const { failures } = await check({}, { type: "duckdb", configuration: { path: ":memory:" }, includeTables: ["a.b.c"] });
    expect(failures).toEqual([{ property: "includeTables[0]", reason: expect.stringContaining("schema.table") }]);
  });

  it("rejects a timeout out of range", async () => {
    const { failures } = await check({}, { type: "duckdb", configuration: { path: ":memory:" }, testTimeoutSeconds: 0 });
    expect(failures).toEqual([{ property: "testTimeoutSeconds", reason: expect.stringContaining("at least 0.1") }]);
  });
});
