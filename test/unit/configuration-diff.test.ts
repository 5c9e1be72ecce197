import { describe, expect, it } from "vitest";
import { diffConfiguration } from "../../provider/core/configuration-diff";

const rules = { compared: ["type", "configuration", "credentials"], identity: ["type"] } as const;

describe("diffConfiguration", () => {
  it("reports no changes for equal values, whatever the key order", () => {
    const result = diffConfiguration(
      { type: "postgres", configuration: { host: "h", port: 5432 }, serverVersion: "15" },
      { configuration: { port: 5432, host: "h" }, type: "postgres" },
      rules,
    );
    expect(result).toMatchObject({ changes: false, changed: [], replaces: [] });
  });

  it("ignores keys that are not compared (outputs)", () => {
    expect(diffConfiguration({ type: "x", tables: ["a"] }, { type: "x", tables: ["b"] }, rules).changes).toBe(false);
  });

  it("updates in place on a configuration change", () => {
    const result = diffConfiguration(
      { type: "postgres", configuration: { port: 1 } },
      { type: "postgres", configuration: { port: 2 } },
      rules,
    );
    expect(result).toMatchObject({ changes: true, changed: ["configuration"], replaces: [], stables: ["type"] });
  });

  it("replaces on an identity change", () => {
    const result = diffConfiguration({ type: "postgres" }, { type: "mysql" }, rules);
    expect(result).toMatchObject({ changes: true, replaces: ["type"], stables: [] });
  });
});
