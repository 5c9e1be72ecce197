import { vendors } from "../../provider/vendors/registry";
import { describe, expect, it } from "vitest";
import type { ColumnType } from "../../provider/core/columns";
import { canonicalColumns } from "../../provider/core/transfer";
import { postgresNativeType } from "../../provider/vendors/postgres/types";
import { mysqlNativeType } from "../../provider/vendors/mysql/types";
import { duckdbColumnType } from "../../provider/vendors/duckdb/types";
import { columnDdlType } from "../support/transfer-between";

const ALL: ColumnType[] = [
  { kind: "boolean" },
  { kind: "smallint" },
  { kind: "integer" },
  { kind: "bigint" },
  { kind: "numeric", precision: 18, scale: 4 },
  { kind: "real" },
  { kind: "double" },
  { kind: "text" },
  { kind: "date" },
  { kind: "time" },
  { kind: "timestamp" },
  { kind: "timestamptz" },
  { kind: "json" },
  { kind: "binary" },
  { kind: "uuid" },
];

describe("columnDdlType", () => {
  it("spells numerics with precision per vendor", () => {
    const numeric: ColumnType = { kind: "numeric", precision: 18, scale: 4 };
    expect(columnDdlType("postgres", numeric)).toBe("numeric(18,4)");
    expect(columnDdlType("redshift", numeric)).toBe("numeric(18,4)");
    expect(columnDdlType("mysql", numeric)).toBe("DECIMAL(18,4)");
    expect(columnDdlType("duckdb", numeric)).toBe("DECIMAL(18,4)");
  });

  it("refuses precisions a vendor cannot hold instead of losing digits", () => {
    expect(() => columnDdlType("duckdb", { kind: "numeric", precision: 39, scale: 0 })).toThrow(/38 digits/);
    expect(() => columnDdlType("mysql", { kind: "numeric", precision: 66, scale: 0 })).toThrow(/65 digits/);
  });

  it("reads its own DDL back as the same canonical type (Postgres, DuckDB)", () => {
    for (const type of ALL) {
      // format_type spells these out; the rest come back as written.
      const formatted =
        {
          "double precision": "double precision",
          time: "time without time zone",
          timestamp: "timestamp without time zone",
          timestamptz: "timestamp with time zone",
        }[columnDdlType("postgres", type)] ?? columnDdlType("postgres", type);
      expect(postgresNativeType(formatted)).toEqual(type);
      expect(
        duckdbColumnType(columnDdlType("duckdb", type).replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE").replace("REAL", "FLOAT")),
      ).toEqual(type);
    }
  });

  it("reads MySQL column types, MariaDB's spelling included", () => {
    expect(mysqlNativeType("tinyint(1)")).toEqual({ kind: "boolean" });
    expect(mysqlNativeType("decimal(38,10)")).toEqual({ kind: "numeric", precision: 38, scale: 10 });
    expect(mysqlNativeType("bigint(20) unsigned")).toEqual({ kind: "numeric", precision: 20, scale: 0 });
    expect(mysqlNativeType("datetime(6)")).toEqual({ kind: "timestamp" });
    expect(mysqlNativeType("timestamp(6)")).toEqual({ kind: "timestamptz" });
    expect(mysqlNativeType("longblob")).toEqual({ kind: "binary" });
    expect(mysqlNativeType("json")).toEqual({ kind: "json" });
    expect(mysqlNativeType("varchar(255)")).toEqual({ kind: "text" });
  });

  it("maps described result columns, keeping a canonical type already given", () => {
    expect(
      canonicalColumns(vendors.postgres.columnTypes, [
        { name: "a", nativeType: "numeric(12,2)" },
        { name: "b", nativeType: "whatever", type: { kind: "date" } },
      ]),
    ).toEqual([
      { name: "a", type: { kind: "numeric", precision: 12, scale: 2 }, nullable: true },
      { name: "b", type: { kind: "date" }, nullable: true },
    ]);
  });
});
