import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { startSilentServer } from "../support/silent-server";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";

/**
 * The Connection resource against a real Snowflake emulator (fakesnow on loopback): the live
 * test, its classified failures, the hash cache proven by the server's login count, indexing
 * with patterns, and drift on read. fakesnow accepts any credentials and creates any database
 * a login names, so authentication and databaseMissing are covered by unit tests only.
 */
describe("Snowflake connection against fakesnow", () => {
  let server: FakeSnowflake;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  const password = "sf-secret-pw-81723";

  function inputs(overrides: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      resourceName: "warehouse",
      type: "snowflake",
      configuration: server.configuration(configuration),
      credentials: { password },
      ...overrides,
    };
  }

  beforeAll(async () => {
    [server, silent] = await Promise.all([startFakeSnowflake("CONN_DB"), startSilentServer()]);
    await server.admin(async (client) => {
      await client.query(`create schema if not exists SALES`);
      await client.query(`create schema if not exists FINANCE`);
      await client.query(`create table SALES."orders" (id int)`);
      await client.query(`create table SALES."tmp_orders" (id int)`);
      await client.query(`create table FINANCE."ledger" (id int)`);
    });
  });

  afterAll(async () => {
    await Promise.all([server?.close(), silent?.close()]);
  });

  it("tests the connection once and remembers it: an unchanged check opens no session", async () => {
    const first = await connection.check({}, inputs());
    expect(first.failures ?? []).toEqual([]);
    expect(first.inputs.__testedConfigurationHash).toMatch(/^[0-9a-f]{64}$/);

    const before = await server.logins();
    const second = await connection.check(first.inputs, inputs());
    expect(second.failures ?? []).toEqual([]);
    expect(await server.logins()).toBe(before);

    await connection.check(first.inputs, inputs({ testTimeoutSeconds: 11 }));
    expect(await server.logins()).toBe(before + 1);
  });

  it("reaches the same server through host, port and protocol instead of accessUrl", async () => {
    const result = await connection.check({}, inputs({}, { accessUrl: undefined, host: "127.0.0.1", port: server.port, protocol: "http" }));
    expect(result.failures ?? []).toEqual([]);
  });

  it("authenticates with a key pair: the driver signs its JWT with the PKCS#8 key (fakesnow does not verify it)", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "key-phrase-1" }).toString();
    const result = await connection.check({}, inputs({ credentials: { privateKey: pem, privateKeyPassphrase: "key-phrase-1" } }));
    expect(result.failures ?? []).toEqual([]);
  });

  it("fails the preview for a closed port, classified and without the secret", async () => {
    const result = await connection.check({}, inputs({}, { accessUrl: "http://127.0.0.1:1" }));
    expect(result.failures).toHaveLength(1);
    expect(result.failures?.[0].reason).toContain("server unreachable");
    expect(JSON.stringify(result.failures)).not.toContain(password);
  });

  it("fails a missing required privilege (a schema that does not exist)", async () => {
    const result = await connection.check({}, inputs({ requirePrivileges: [{ privilege: "createTable", schema: "LOCKED" }] }));
    expect(result.failures?.[0].reason).toContain("privilege missing");
    const granted = await connection.check({}, inputs({ requirePrivileges: [{ privilege: "createTable", schema: "SALES" }] }));
    expect(granted.failures ?? []).toEqual([]);
    const readable = await connection.check({}, inputs({ requirePrivileges: [{ privilege: "select", table: "SALES.orders" }] }));
    expect(readable.failures ?? []).toEqual([]);
    const missing = await connection.check({}, inputs({ requirePrivileges: [{ privilege: "insert", table: "SALES.nowhere" }] }));
    expect(missing.failures?.[0].reason).toContain("privilege missing");
  });

  it("times out against a port that accepts and never answers, within the deadline", async () => {
    const started = performance.now();
    const result = await connection.check({}, inputs({ testTimeoutSeconds: 1 }, { accessUrl: `http://127.0.0.1:${silent.port}` }));
    expect(result.failures?.[0].reason).toContain("timed out");
    expect(performance.now() - started).toBeLessThan(1_800);
  });

  it("indexes the tables the patterns select, reports attributes, and sees tables added and removed on read", async () => {
    const checked = await connection.check({}, inputs({ includeTables: ["SALES.*", "FINANCE.ledger"], excludeTables: ["SALES.tmp_*"] }));
    expect(checked.failures ?? []).toEqual([]);
    const created = await connection.create(checked.inputs);
    const outs: Record<string, unknown> = { ...created.outs };

    expect(outs.tables).toEqual(["FINANCE.ledger", "SALES.orders"]);
    expect(outs.indexingStatus).toBe("INDEXED");
    expect(outs.serverVersion).toMatch(/^\d+\.\d+/);
    expect(outs.attributes).toEqual({ dialectName: "snowflake", canPersist: true, canStream: true });
    const { credentials: _credentials, ...others } = outs;
    expect(JSON.stringify(others)).not.toContain(password);

    await server.admin(async (client) => {
      await client.query(`create table SALES."returns" (id int)`);
      await client.query(`drop table FINANCE."ledger"`);
    });
    const refreshed = await connection.read(created.id, outs);
    expect(refreshed.props.tables).toEqual(["SALES.orders", "SALES.returns"]);
  });
});
