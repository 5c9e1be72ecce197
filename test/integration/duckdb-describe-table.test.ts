import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVendor } from "../../provider/vendors/registry";

/**
 * DuckDB's one table description (the data session's): nullability and canonical types come
 * with the native ones, a catalog before the schema is honoured, and a preview of a database
 * file that does not exist yet describes nothing and creates nothing.
 */
const folder = mkdtempSync(join(tmpdir(), "duckdb-describe-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const signal = new AbortController().signal;

describe("duckdb describeTable", () => {
  it("reports name, native and canonical type, and nullability; a catalog in the path is read", async () => {
    const vendor = await loadVendor("duckdb");
    const target = { configuration: { path: join(folder, "described.duckdb"), readOnly: false }, credentials: {} };
    const session = await vendor.openData(target, signal);
    try {
      await session.execute("create schema sales");
      await session.execute("create table sales.orders (id integer not null, note varchar, amount decimal(12,2))");
      const expected = [
        { name: "id", nativeType: "INTEGER", type: { kind: "integer" }, nullable: false },
        { name: "note", nativeType: "VARCHAR", type: { kind: "text" }, nullable: true },
        { name: "amount", nativeType: "DECIMAL(12,2)", type: { kind: "numeric", precision: 12, scale: 2 }, nullable: true },
      ];
      expect(await session.describeTable({ path: ["sales"], table: "orders" })).toEqual(expected);
      expect(await session.describeTable({ path: ["described", "sales"], table: "orders" })).toEqual(expected);
      expect(await session.describeTable({ path: ["sales"], table: "absent" })).toBeUndefined();
    } finally {
      await session.close();
      await vendor.release?.(target.configuration);
    }
  });

  it("at preview, a database file that does not exist holds no table and is not created", async () => {
    const vendor = await loadVendor("duckdb");
    const path = join(folder, "not-yet.duckdb");
    const session = await vendor.openData({ configuration: { path, readOnly: false }, credentials: {} }, signal, { preview: true });
    try {
      expect(session.notice).toContain("does not exist yet");
      expect(await session.describeTable({ path: ["main"], table: "orders" })).toBeUndefined();
    } finally {
      await session.close();
    }
    expect(existsSync(path)).toBe(false);
  });
});
