import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { check, diff } from "../../provider/resources/connection";

/** Normalised inputs as check returns them (dryRun off: no live test in a unit test). */
async function normalised(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { inputs, failures } = await check({}, { dryRun: "off", ...news });
  expect(failures ?? []).toEqual([]);
  return inputs;
}

/** What create stores: the normalised inputs plus outputs. */
function stored(inputs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...inputs,
    connectionId: "postgres-1",
    serverVersion: "15.0",
    tables: ["public.a"],
    indexingStatus: "INDEXED",
    attributes: { dialectName: "postgres", canPersist: true, canStream: true },
    status: "OK",
    statusMessage: "",
    stateVersion: 1,
    ...extra,
  };
}

const base = { type: "postgres", configuration: { host: "db", user: "app" }, credentials: { password: "pw" } };

describe("Connection diff", () => {
  it("reports no changes when the new inputs normalise to the stored ones", async () => {
    const olds = stored(await normalised(base));
    const news = await normalised({ ...base, configuration: { host: "db", user: "app", port: "5432", database: "postgres" } });
    expect((await diff("id", olds, news)).changes).toBe(false);
  });

  it("reports no changes for a connectionString spelling of the same server", async () => {
    const olds = stored(await normalised(base));
    const news = await normalised({ ...base, configuration: { connectionString: "postgres://app@db:5432/postgres" } });
    expect((await diff("id", olds, news)).changes).toBe(false);
  });

  it("updates in place on a port change", async () => {
    const olds = stored(await normalised(base));
    const news = await normalised({ ...base, configuration: { host: "db", user: "app", port: 5433 } });
    const result = await diff("id", olds, news);
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual([]);
  });

  it("replaces on a type change", async () => {
    const olds = stored(await normalised(base));
    const news = await normalised({ ...base, type: "redshift", configuration: { host: "db", user: "app", port: 5432 } });
    const result = await diff("id", olds, news);
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual(["type"]);
  });

  it("reports a password change", async () => {
    const olds = stored(await normalised(base));
    const news = await normalised({ ...base, credentials: { password: "other" } });
    expect((await diff("id", olds, news)).changes).toBe(true);
  });

  it("reports changes while the stored status is not OK and dryRun is error", async () => {
    const inputs = await normalised(base);
    const news = { ...inputs, dryRun: "error" };
    const olds = stored(news, { status: "authentication", statusMessage: "authentication failed: ..." });
    expect((await diff("id", olds, news)).changes).toBe(true);
    expect((await diff("id", stored(news), news)).changes).toBe(false);
  });

  it("does not report an unhealthy connection as a change with dryRun warn", async () => {
    const inputs = await normalised({ ...base, dryRun: "warn" });
    const olds = stored(inputs, { status: "unreachable" });
    expect((await diff("id", olds, inputs)).changes).toBe(false);
  });

  it("rejects state written by a newer provider", async () => {
    const inputs = await normalised(base);
    await expect(diff("id", stored(inputs, { stateVersion: 99 }), inputs)).rejects.toThrow(/newer pulumi-dataplane/);
  });
});

describe("Connection check merges stored credentials", () => {
  it("keeps the stored password when the new inputs omit credentials", async () => {
    const olds = await normalised({ ...base, credentials: { password: "stored-pw" } });
    const { inputs } = await check(olds, { dryRun: "off", type: "postgres", configuration: { host: "db", user: "app" } });
    expect(inputs.credentials).toEqual({ password: "stored-pw" });
  });

  it("keeps the stored password when the sdk sends empty credentials", async () => {
    const olds = await normalised({ ...base, credentials: { password: "stored-pw" } });
    const { inputs } = await check(olds, { dryRun: "off", type: "postgres", configuration: { host: "db", user: "app" }, credentials: {} });
    expect(inputs.credentials).toEqual({ password: "stored-pw" });
  });

  it("takes a new password over the stored one", async () => {
    const olds = await normalised({ ...base, credentials: { password: "stored-pw" } });
    const { inputs } = await check(olds, { ...base, dryRun: "off", credentials: { password: "new-pw" } });
    expect(inputs.credentials).toEqual({ password: "new-pw" });
  });

  it("takes given credentials whole: a switch from a password to a key pair keeps no password", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const snowflake = { type: "snowflake", configuration: { account: "a1", username: "u" } };
    const olds = (await check({}, { ...snowflake, dryRun: "off", credentials: { password: "stored-pw" } })).inputs;
    const { inputs, failures } = await check(olds, { ...snowflake, dryRun: "off", credentials: { privateKey } });
    expect(failures).toBeUndefined();
    expect(inputs.credentials).toEqual({ privateKey });
  });

  it("makes no diff when only the credentials were omitted", async () => {
    const olds = await normalised(base);
    const { inputs } = await check(olds, { dryRun: "off", type: "postgres", configuration: { host: "db", user: "app" } });
    expect((await diff("id", stored(olds), inputs)).changes).toBe(false);
  });
});
