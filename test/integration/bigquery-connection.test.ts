import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { startSilentServer } from "../support/silent-server";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { startCountingProxy } from "../support/bigquery-counting-proxy";
import { createDataset, createTable, dropTable } from "../support/bigquery-admin";

/**
 * The Connection resource's provider functions against a real BigQuery emulator: the live
 * dry run, classified failures, the hash cache (proven by a counting proxy), indexing with
 * patterns, and drift on read.
 */
describe("BigQuery Connection against the emulator", () => {
  let emulator: BigqueryEmulator;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;

  const inputs = (configuration: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    resourceName: "warehouse",
    type: "bigquery",
    configuration: emulator.configuration(configuration),
    ...overrides,
  });

  beforeAll(async () => {
    emulator = await startBigqueryEmulator();
    silent = await startSilentServer();
    await createDataset(emulator, "sales");
    await createDataset(emulator, "finance");
    for (const [dataset, table] of [
      ["sales", "orders"],
      ["sales", "tmp_orders"],
      ["finance", "ledger"],
    ]) {
      await createTable(emulator, dataset, table, [{ name: "id", type: "INT64" }]);
    }
  }, 60_000);

  afterAll(async () => {
    await silent?.close();
    await emulator?.stop();
  });

  it("tests the connection live and remembers it: the second check makes no request", async () => {
    const proxy = await startCountingProxy(emulator.apiEndpoint);
    try {
      const properties = inputs({ apiEndpoint: proxy.apiEndpoint });
      const first = await connection.check({}, properties);
      expect(first.failures ?? []).toEqual([]);
      expect(first.inputs.__testedConfigurationHash).toMatch(/^[0-9a-f]{64}$/);
      const afterFirst = proxy.count();
      expect(afterFirst).toBeGreaterThan(0);

      const second = await connection.check(first.inputs, properties);
      expect(second.failures ?? []).toEqual([]);
      expect(proxy.count()).toBe(afterFirst);

      await connection.check(first.inputs, inputs({ apiEndpoint: proxy.apiEndpoint }, { testTimeoutSeconds: 11 }));
      expect(proxy.count()).toBeGreaterThan(afterFirst);
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ["a closed port", () => ({ apiEndpoint: "http://127.0.0.1:1" }), "server unreachable"],
    ["a missing dataset", () => ({ dataset: "no_such_dataset" }), "database missing"],
  ])("fails the preview for %s, classified", async (_, configuration, classification) => {
    const result = await connection.check({}, inputs(configuration()));
    expect(result.failures).toHaveLength(1);
    expect(result.failures?.[0].reason).toContain(classification);
  });

  it("times out against a port that accepts and never answers, within the deadline", async () => {
    const started = performance.now();
    const result = await connection.check({}, inputs({ apiEndpoint: `http://127.0.0.1:${silent.port}` }, { testTimeoutSeconds: 1 }));
    expect(result.failures?.[0].reason).toContain("timed out");
    expect(performance.now() - started).toBeLessThan(1_800);
  });

  it("indexes the tables the patterns select, reports attributes, and sees tables added and removed on refresh", async () => {
    const checked = await connection.check(
      {},
      inputs({}, { includeTables: ["sales.*", "finance.ledger"], excludeTables: ["sales.tmp_*"] }),
    );
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await connection.create(checked.inputs);
    const created: Record<string, unknown> = { ...outs };
    expect(created.tables).toEqual(["finance.ledger", "sales.orders"]);
    expect(created.indexingStatus).toBe("INDEXED");
    expect(created.serverVersion).toBe("BigQuery API v2");
    expect(created.attributes).toEqual({ dialectName: "bigquery", canPersist: true, canStream: true });

    await createTable(emulator, "sales", "returns", [{ name: "id", type: "INT64" }]);
    await dropTable(emulator, "finance", "ledger");
    const refreshed: Record<string, unknown> = { ...(await connection.read(id, created)).props };
    expect(refreshed.tables).toEqual(["sales.orders", "sales.returns"]);
  });

  it("checks required privileges where the emulator can tell: a dataset to create tables in", async () => {
    const granted = await connection.check({}, inputs({}, { requirePrivileges: [{ privilege: "createTable", schema: "sales" }] }));
    expect(granted.failures ?? []).toEqual([]);
    const missing = await connection.check({}, inputs({}, { requirePrivileges: [{ privilege: "createTable", schema: "nowhere" }] }));
    expect(missing.failures?.[0].reason).toContain("privilege missing");
  });
});
