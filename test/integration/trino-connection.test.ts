import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { startSilentServer } from "../support/silent-server";
import { trino } from "../support/services";
import { ensureTrino, queryCount, trinoAdmin } from "../support/trino-server";

/**
 * The Connection resource's provider functions against the suite's Trino (memory catalog):
 * live test, classified failures, the hash cache proven by the coordinator's own query list,
 * indexing with patterns, and drift on read.
 */
const suffix = randomBytes(4).toString("hex");
const schema = `conn_${suffix}`;
const other = `conn_other_${suffix}`;
const user = `conn_user_${suffix}`;

function trinoInputs(overrides: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: "lakehouse",
    type: "trino",
    configuration: { server: trino.server, catalog: trino.catalog, schema, user, ...configuration },
    credentials: {},
    ...overrides,
  };
}

describe("Trino connection against the live coordinator", () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let closedPort = 0;

  beforeAll(async () => {
    await ensureTrino();
    for (const name of [schema, other]) await trinoAdmin(`create schema memory.${name}`);
    for (const table of [`${schema}.orders`, `${schema}.tmp_orders`, `${schema}.customers`, `${other}.ledger`]) {
      await trinoAdmin(`create table memory.${table} (id integer)`);
    }
    silent = await startSilentServer();
    const closed = await startSilentServer();
    closedPort = closed.port;
    await closed.close();
  }, 300_000);

  afterAll(async () => {
    await silent?.close();
    for (const name of [schema, other]) {
      const tables = await trinoAdmin<{ table_name: string }>(
        `select table_name from memory.information_schema.tables where table_schema = '${name}'`,
      );
      for (const { table_name: table } of tables) await trinoAdmin(`drop table memory.${name}."${table}"`);
      await trinoAdmin(`drop schema if exists memory.${name}`);
    }
  });

  it("tests the connection once and remembers it: the unchanged check sends the coordinator no query", async () => {
    const first = await connection.check({}, trinoInputs());
    expect(first.failures ?? []).toEqual([]);
    expect(first.inputs.__testedConfigurationHash).toMatch(/^[0-9a-f]{64}$/);
    const before = await queryCount(user);
    expect(before).toBeGreaterThan(0);

    const second = await connection.check(first.inputs, trinoInputs());
    expect(second.failures ?? []).toEqual([]);
    expect(await queryCount(user)).toBe(before);

    const changed = await connection.check(first.inputs, trinoInputs({ testTimeoutSeconds: 11 }));
    expect(changed.failures ?? []).toEqual([]);
    expect(await queryCount(user)).toBeGreaterThan(before);
  });

  it.each([
    ["a closed port", () => trinoInputs({}, { server: `http://127.0.0.1:${closedPort}` }), "server unreachable"],
    ["a port fetch refuses", () => trinoInputs({}, { server: "http://127.0.0.1:1" }), "server unreachable"],
    ["a missing schema", () => trinoInputs({}, { schema: `missing_${suffix}` }), "database missing"],
    ["a missing catalog", () => trinoInputs({}, { catalog: `missing_${suffix}`, schema: undefined }), "database missing"],
    ["a password over http", () => trinoInputs({ credentials: { password: `pw-${suffix}-secret` } }), "invalid configuration"],
    [
      "a missing table in requirePrivileges",
      () => trinoInputs({ requirePrivileges: [{ privilege: "select", table: `${schema}.nowhere` }] }),
      "privilege missing",
    ],
  ])("fails the preview for %s, classified and without the secret", async (_, inputs, classification) => {
    const result = await connection.check({}, inputs());
    expect(result.failures).toHaveLength(1);
    expect(result.failures?.[0].reason).toContain(classification);
    // The fix names Trino's own properties, never another vendor's (configuration.host, configuration.database …).
    expect(result.failures?.[0].reason).not.toMatch(/configuration\.(host|port|database|path|ssl)\b/);
    expect(JSON.stringify(result.failures)).not.toContain(`pw-${suffix}-secret`);
  });

  it("passes requirePrivileges the engine's access control grants", async () => {
    const result = await connection.check(
      {},
      trinoInputs({
        requirePrivileges: [
          { privilege: "select", table: `${schema}.orders` },
          { privilege: "insert", table: `${schema}.orders` },
          { privilege: "createTable", schema: `memory.${schema}` },
        ],
      }),
    );
    expect(result.failures ?? []).toEqual([]);
  });

  it("indexes every catalog's tables when the connection names no catalog", async () => {
    const checked = await connection.check({}, trinoInputs({ includeTables: [`${schema}.*`] }, { catalog: undefined, schema: undefined }));
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await connection.create(checked.inputs);
    expect(outs.tables).toEqual([`${schema}.customers`, `${schema}.orders`, `${schema}.tmp_orders`]);
    expect(outs.attributes).toMatchObject({ canPersist: false });
  });

  it("sees what the coordinator's access control denies (file rules: denied_* users may only read)", async () => {
    const denied = (requirePrivileges: unknown[]) => trinoInputs({ requirePrivileges }, { user: `denied_${suffix}` });
    expect((await connection.check({}, denied([{ privilege: "select", table: `${schema}.orders` }]))).failures ?? []).toEqual([]);
    for (const privilege of [
      { privilege: "insert", table: `${schema}.orders` },
      { privilege: "createTable", schema: `memory.${schema}` },
    ]) {
      const result = await connection.check({}, denied([privilege]));
      expect(result.failures?.[0].reason, privilege.privilege).toContain("privilege missing");
    }
    const { outs } = await connection.create((await connection.check({}, denied([]))).inputs);
    expect(outs.attributes).toEqual({ dialectName: "trino", canPersist: false, canStream: true });
  });

  describe("over https with password authentication (self-signed certificate)", () => {
    const secure = (password: string) =>
      trinoInputs({ credentials: { password } }, { server: trino.secureServer, user: trino.passwordUser });

    it("fails TLS negotiation while the certificate is not trusted", async () => {
      const result = await connection.check({}, secure(trino.password));
      expect(result.failures?.[0].reason).toContain("TLS negotiation failed");
      expect(JSON.stringify(result.failures)).not.toContain(trino.password);
    });

    it("authenticates with the right password and classifies a wrong one, never echoing it", async () => {
      // Trusts the test server's self-signed certificate for this file's process only.
      const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      try {
        expect((await connection.check({}, secure(trino.password))).failures ?? []).toEqual([]);
        const wrong = `wrong-${suffix}-pw`;
        const result = await connection.check({}, secure(wrong));
        expect(result.failures?.[0].reason).toContain("authentication failed");
        expect(JSON.stringify(result.failures)).not.toContain(wrong);
      } finally {
        if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      }
    });
  });

  it("times out against a port that accepts and never answers, within the deadline", async () => {
    const started = performance.now();
    const result = await connection.check({}, trinoInputs({ testTimeoutSeconds: 1 }, { server: `http://127.0.0.1:${silent.port}` }));
    expect(result.failures?.[0].reason).toContain("timed out");
    expect(performance.now() - started).toBeLessThan(1_800);
  });

  it("indexes the tables the patterns select and sees tables added and removed on refresh", async () => {
    const checked = await connection.check(
      {},
      trinoInputs({ includeTables: [`${schema}.*`, `${other}.ledger`], excludeTables: [`${schema}.tmp_*`] }),
    );
    expect(checked.failures ?? []).toEqual([]);
    const created = await connection.create(checked.inputs);
    const outs: Record<string, unknown> = { ...created.outs };
    expect(outs.status).toBe("OK");
    expect(outs.tables).toEqual([`${schema}.customers`, `${schema}.orders`, `${other}.ledger`]);
    expect(outs.indexingStatus).toBe("INDEXED");
    expect(outs.serverVersion).toMatch(/^Trino \d+/);
    expect(outs.attributes).toEqual({ dialectName: "trino", canPersist: true, canStream: true });

    await trinoAdmin(`create table memory.${schema}.returns (id integer)`);
    await trinoAdmin(`drop table memory.${schema}.customers`);
    const refreshed: Record<string, unknown> = { ...(await connection.read(created.id, outs)).props };
    expect(refreshed.tables).toEqual([`${schema}.orders`, `${schema}.returns`, `${other}.ledger`]);
    expect((await connection.diff(created.id, refreshed, checked.inputs)).changes).toBe(false);
  });
});
