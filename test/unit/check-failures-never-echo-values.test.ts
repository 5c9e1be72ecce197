import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";

/** Values a user might paste into the wrong field: each must never come back in a failure. */
const cases: Array<{ name: string; news: Record<string, unknown>; property: string; secret: string }> = [
  {
    name: "port",
    news: { type: "postgres", configuration: { user: "app", port: "hunter2-secret" } },
    property: "configuration.port",
    secret: "hunter2-secret",
  },
  {
    name: "host",
    news: { type: "postgres", configuration: { user: "app", host: "p@ss w0rd!" } },
    property: "configuration.host",
    secret: "p@ss w0rd!",
  },
  {
    name: "mysql host",
    news: { type: "mysql", configuration: { user: "app", host: "p@ss w0rd!" } },
    property: "configuration.host",
    secret: "p@ss w0rd!",
  },
  {
    name: "ssl",
    news: { type: "postgres", configuration: { user: "app", ssl: "s3cr3t-value" } },
    property: "configuration.ssl",
    secret: "s3cr3t-value",
  },
  {
    name: "dryRun",
    news: { type: "postgres", configuration: { user: "app" }, dryRun: "s3cr3t-value" },
    property: "dryRun",
    secret: "s3cr3t-value",
  },
  {
    name: "includeTables",
    news: { type: "postgres", configuration: { user: "app" }, includeTables: ["s3cr3t value.x"] },
    property: "includeTables[0]",
    secret: "s3cr3t",
  },
  {
    name: "timeout",
    news: { type: "postgres", configuration: { user: "app" }, testTimeoutSeconds: "s3cr3t" },
    property: "testTimeoutSeconds",
    secret: "s3cr3t",
  },
  { name: "type", news: { type: "s3cr3t-type", configuration: {} }, property: "type", secret: "s3cr3t" },
  {
    name: "credentials as a string",
    news: { type: "postgres", configuration: { user: "app" }, credentials: "s3cr3t-pw" },
    property: "credentials",
    secret: "s3cr3t-pw",
  },
  {
    name: "password as a number",
    news: { type: "mysql", configuration: { user: "app" }, credentials: { password: 987654321 } },
    property: "credentials.password",
    secret: "987654321",
  },
];

describe("check failures name the property and never echo its value", () => {
  for (const { name, news, property, secret } of cases) {
    it(`${name}: reported at ${property}`, async () => {
      const { failures } = await check({}, news);
      expect(failures?.map((failure) => failure.property)).toContain(property);
      expect(failures!.find((failure) => failure.property === property)!.reason).toContain(property);
      expect(JSON.stringify(failures)).not.toContain(secret);
    });
  }
});
