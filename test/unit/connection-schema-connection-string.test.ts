import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";
import { connectionInputsSchema } from "../../provider/resources/connection-schema";

function parse(input: unknown) {
  const result = connectionInputsSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data;
}

describe("connectionString expands to the long form", () => {
  it("postgres: the URL and the fields normalise to the same configuration", () => {
    const short = parse({ type: "postgres", configuration: { connectionString: "postgres://app@db.example.com:6543/sales" } });
    const long = parse({ type: "postgres", configuration: { host: "db.example.com", port: "6543", database: "sales", user: "app" } });
    expect(short).toEqual(long);
    expect(short.configuration).not.toHaveProperty("connectionString");
  });

  it("postgres: sslmode=require becomes ssl without certificate verification", () => {
    const inputs = parse({ type: "postgres", configuration: { connectionString: "postgresql://app@h/db?sslmode=require" } });
    expect(inputs.configuration).toMatchObject({ ssl: { rejectUnauthorized: false }, port: 5432 });
  });

  it("redshift: an omitted port in the URL defaults to 5439", () => {
    expect(parse({ type: "redshift", configuration: { connectionString: "postgres://app@h/dev" } }).configuration).toMatchObject({
      port: 5439,
    });
  });

  it("mysql: a password as a query parameter is refused without repeating it, and unread parameters are not dropped silently", () => {
    for (const [text, reason] of [
      ["mysql://app@h:3306/shop?password=hunter2-canary", /must not contain a password: put it in credentials.password/],
      ["mysql://app@h:3306/shop?charset=latin1", /has a parameter that is not read/],
    ] as const) {
      const result = connectionInputsSchema.safeParse({ type: "mysql", configuration: { connectionString: text } });
      expect(result.success).toBe(false);
      const messages = JSON.stringify(result.error?.issues);
      expect(messages).toMatch(reason);
      expect(messages).not.toContain("hunter2-canary");
    }
  });

  it("mysql: the URL and the fields normalise to the same configuration", () => {
    const short = parse({ type: "mysql", configuration: { connectionString: "mysql://app@db.example.com:3307/shop" } });
    const long = parse({ type: "mysql", configuration: { host: "db.example.com", port: 3307, database: "shop", user: "app" } });
    expect(short).toEqual(long);
  });

  it("mysql: mariadb:// is accepted too", () => {
    expect(parse({ type: "mysql", configuration: { connectionString: "mariadb://app@h/shop" } }).configuration).toMatchObject({
      database: "shop",
      port: 3306,
    });
  });

  it("combines a URL with fields it does not carry", () => {
    const inputs = parse({ type: "postgres", configuration: { connectionString: "postgres://h:5000/db", user: "app" } });
    expect(inputs.configuration).toMatchObject({ host: "h", port: 5000, database: "db", user: "app" });
  });

  for (const [type, url] of [
    ["postgres", "postgres://app:hunter2-secret@h/db"],
    ["mysql", "mysql://app:hunter2-secret@h/db"],
  ] as const) {
    it(`${type}: a password in the URL is rejected at configuration.connectionString without echoing it`, async () => {
      const { failures } = await check({}, { type, configuration: { connectionString: url } });
      expect(failures).toHaveLength(1);
      expect(failures![0].property).toBe("configuration.connectionString");
      expect(failures![0].reason).toMatch(/password/);
      expect(JSON.stringify(failures)).not.toContain("hunter2");
    });
  }

  it("rejects a field given both in the URL and explicitly, naming the field", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { connectionString: "postgres://app@h:5433/db", port: 5433 } });
    expect(failures).toEqual([{ property: "configuration.port", reason: expect.stringContaining("both") }]);
  });

  it("mysql: rejects a field given both in the URL and explicitly", async () => {
    const { failures } = await check({}, { type: "mysql", configuration: { connectionString: "mysql://app@h/db", user: "other" } });
    expect(failures).toEqual([{ property: "configuration.user", reason: expect.stringContaining("both") }]);
  });

  it("postgres: rejects text that is not a postgres:// URL, without echoing it", async () => {
    const { failures } = await check({}, { type: "postgres", configuration: { connectionString: "hunter2 secret" } });
    expect(failures).toEqual([{ property: "configuration.connectionString", reason: expect.stringContaining("postgres://") }]);
    expect(JSON.stringify(failures)).not.toContain("hunter2");
  });

  it("mysql: rejects a URL of another scheme", async () => {
    const { failures } = await check({}, { type: "mysql", configuration: { connectionString: "postgres://app@h/db" } });
    expect(failures).toEqual([{ property: "configuration.connectionString", reason: expect.stringContaining("mysql://") }]);
  });
});
