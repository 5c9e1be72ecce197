import { describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import * as jobGroup from "../../provider/resources/job-group";
import { forEngine } from "../../provider/core/validation";

/*
 * The engine prints `inputs[failure.property]` next to a check failure (pkg/resource/deploy
 * step_generator.go, issueCheckFailures): a failure reported on `configuration` printed the
 * whole object, a password typed into it included. Failures must name the leaf that is wrong.
 */
const SECRET = "leaf-canary-5d1e9";
const duckdb = { type: "duckdb", configuration: { path: ":memory:" }, credentials: {} };

function properties(failures: Array<{ property: string }> | undefined): string[] {
  return (failures ?? []).map((failure) => failure.property);
}

describe("check failures are reported on the leaf, never on an object holding it", () => {
  it("a password in configuration is reported at configuration.password", async () => {
    const { failures } = await connection.check({}, { type: "postgres", configuration: { user: "app", password: SECRET } });
    expect(properties(failures)).toEqual(["configuration.password"]);
    expect(failures![0].reason).toMatch(/configuration\.password.*credentials/);
    expect(JSON.stringify(failures)).not.toContain(SECRET);
  });

  it("two unknown keys become two failures, one per key path", async () => {
    const { failures } = await connection.check({}, { type: "mysql", configuration: { user: "app", password: SECRET, pasword: SECRET } });
    expect(properties(failures).sort()).toEqual(["configuration.password", "configuration.pasword"]);
  });

  it("a misspelt credentials key is reported at credentials.<key>", async () => {
    const { failures } = await connection.check({}, { type: "postgres", configuration: { user: "app" }, credentials: { pasword: SECRET } });
    expect(properties(failures)).toEqual(["credentials.pasword"]);
    expect(JSON.stringify(failures)).not.toContain(SECRET);
  });

  it("a key nested in a union member (ssl settings) is reported at its own path", async () => {
    const { failures } = await connection.check(
      {},
      { type: "postgres", configuration: { user: "app", ssl: { rejectUnauthorized: true, key: SECRET } } },
    );
    expect(properties(failures)).toEqual(["configuration.ssl.key"]);
  });

  it("a job's connection and write settings are reported deep down", async () => {
    const { failures } = await jobGroup.check(
      {},
      {
        connection: { ...duckdb, configuration: { path: ":memory:", password: SECRET } },
        steps: [{ name: "result", sql: "select 1 as one" }],
        overrides: { writeSettings: [{ path: "out.csv", token: SECRET }] },
      },
    );
    expect(properties(failures).sort()).toEqual(["connection.configuration.password", "overrides.writeSettings[0].token"]);
  });
});

/** What provider/index.ts hands the engine for a Connection's check. */
async function engineCheck(news: Record<string, unknown>): Promise<{ failures: Array<{ property: string; reason: string }> }> {
  const { failures } = await connection.check({}, news);
  return { failures: forEngine(failures ?? [], news) };
}

describe("what goes to the engine never names a top-level key, whose value the engine would print", () => {
  it("an unknown top-level key is named in the reason, with no property the engine can look up", async () => {
    const news = { type: "postgres", configuration: { user: "app" }, password: SECRET };
    const { failures } = await engineCheck(news);
    expect(failures.length).toBe(1);
    expect(Object.keys(news)).not.toContain(failures[0].property);
    expect(failures[0].reason).toMatch(/^password /);
    expect(JSON.stringify(failures)).not.toContain(SECRET);
  });

  it("credentials that are not an object are not reported on `credentials` (the engine would print them)", async () => {
    const news = { type: "postgres", configuration: { user: "app" }, credentials: SECRET };
    const { failures } = await engineCheck(news);
    expect(failures.map((failure) => failure.property)).not.toContain("credentials");
    expect(failures[0].reason).toMatch(/^credentials /);
  });

  it("nested failures keep their dotted path, which the engine cannot look up", async () => {
    const { failures } = await engineCheck({ type: "postgres", configuration: { user: "app", password: SECRET } });
    expect(properties(failures)).toEqual(["configuration.password"]);
  });
});
