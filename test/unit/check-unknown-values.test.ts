import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";
import { UNKNOWN_VALUE, unknownPaths, isUnknownAt } from "../../provider/core/unknown-values";

describe("check with values unknown during preview", () => {
  it("defers the test when configuration.host is unknown: no failures, sentinel kept", async () => {
    const started = Date.now();
    // Port 1 on a TEST-NET address would hang or be refused if a test were attempted.
    const { inputs, failures } = await check(
      {},
      {
        type: "postgres",
        configuration: { host: UNKNOWN_VALUE, port: 1, user: "app" },
        credentials: { password: "pw" },
      },
    );
    expect(failures ?? []).toEqual([]);
    expect((inputs.configuration as Record<string, unknown>).host).toBe(UNKNOWN_VALUE);
    expect(inputs).not.toHaveProperty("__testedConfigurationHash");
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("defers when the whole configuration is unknown", async () => {
    const { inputs, failures } = await check({}, { type: "mysql", configuration: UNKNOWN_VALUE });
    expect(failures ?? []).toEqual([]);
    expect(inputs.configuration).toBe(UNKNOWN_VALUE);
  });

  it("defers when the password is unknown", async () => {
    const { failures, inputs } = await check(
      {},
      { type: "postgres", configuration: { host: "127.0.0.1", port: 1, user: "app" }, credentials: { password: UNKNOWN_VALUE } },
    );
    expect(failures ?? []).toEqual([]);
    expect(inputs).not.toHaveProperty("__testedConfigurationHash");
  });

  it("does not judge an unknown port as an invalid number", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { host: "h", port: UNKNOWN_VALUE, user: "app" } });
    expect(failures ?? []).toEqual([]);
  });

  it("still reports an invalid known field next to an unknown one", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { host: UNKNOWN_VALUE, port: "not-a-port", user: "app" } });
    expect(failures?.map((failure) => failure.property)).toEqual(["configuration.port"]);
  });

  it("still reports an unknown top-level key next to an unknown value", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { host: UNKNOWN_VALUE, user: "app" }, dryrun: "off" });
    expect(failures?.map((failure) => failure.property)).toEqual(["dryrun"]);
    expect(failures?.[0].reason).toMatch(/^dryrun is not a field/);
  });

  it("does not reject an unknown type", async () => {
    const { failures } = await check({}, { type: UNKNOWN_VALUE, configuration: { user: "app" } });
    expect(failures ?? []).toEqual([]);
  });
});

describe("unknown value helpers", () => {
  it("lists dotted paths of every unknown value", () => {
    expect(unknownPaths({ a: { b: UNKNOWN_VALUE }, c: [1, UNKNOWN_VALUE], d: "x" })).toEqual(["a.b", "c.1"]);
  });

  it("finds an unknown parent of a path", () => {
    expect(isUnknownAt({ configuration: UNKNOWN_VALUE }, ["configuration", "port"])).toBe(true);
    expect(isUnknownAt({ configuration: { port: 1 } }, ["configuration", "port"])).toBe(false);
  });
});
