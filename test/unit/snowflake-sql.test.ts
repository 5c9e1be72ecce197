import { describe, expect, it } from "vitest";
import { bindParameters } from "../../provider/core/sql-parameters";
import { snowflakeDialect } from "../../provider/vendors/snowflake/dialect";
import { withUnquotedSpellings } from "../../provider/vendors/snowflake/session";
import { snowflakeDdlType, snowflakeNativeType, snowflakeRowtypeName } from "../../provider/vendors/snowflake/types";
import { canonicalText, loadExpression, loadValue } from "../../provider/vendors/snowflake/values";
import type { ColumnType } from "../../provider/core/columns";

/** Snowflake's SQL spelling, its type map and the canonical-text conversions, as pure functions. */
describe("Snowflake placeholders", () => {
  const style = snowflakeDialect.placeholders;

  it("binds :name as ? and leaves $$ strings, quoted names and literals alone", () => {
    const sql = "select $$ :a 'x $$, ':a', \"col:a\", x::varchar, :a -- :a\n/* :a */";
    const bound = bindParameters(sql, { a: 1 }, style);
    expect(bound.sql).toBe(sql.replace(", :a --", ", ? --"));
    expect(bound.parameters).toEqual([1]);
  });

  it("reads # and backticks as ordinary characters (Snowflake has neither comments nor quoting with them)", () => {
    const bound = bindParameters("select '#' || :a # :b, `x` || :a", { a: 1, b: 2 }, style);
    expect(bound.sql).toBe("select '#' || ? # ?, `x` || ?");
    expect(bound.parameters).toEqual([1, 2, 1]);
  });

  it("reads backslash escapes in string literals", () => {
    expect(bindParameters("select 'it\\'s :a', :a", { a: 1 }, style).sql).toBe("select 'it\\'s :a', ?");
  });
});

describe("Snowflake dialect", () => {
  it("quotes every name as given, so case survives", () => {
    expect(snowflakeDialect.qualifiedName({ path: ["Sales"], table: 'my"table' })).toBe('"Sales"."my""table"');
  });

  it("puts a new table in place by rename, and replaces an existing one in one atomic statement", () => {
    expect(snowflakeDialect.replaceTable({ path: ["S"], table: "t" }, "t_stage", false)).toEqual([
      'alter table "S"."t_stage" rename to "S"."t"',
    ]);
    expect(snowflakeDialect.replaceTable({ path: ["S"], table: "t" }, "t_stage", true)).toEqual([
      'create or replace table "S"."t" as select * from "S"."t_stage"',
      'drop table "S"."t_stage"',
    ]);
  });
});

describe("Snowflake types", () => {
  const kinds: ColumnType[] = [
    { kind: "boolean" },
    { kind: "numeric", precision: 12, scale: 2 },
    { kind: "numeric", precision: 38, scale: 0 },
    { kind: "double" },
    { kind: "text" },
    { kind: "date" },
    { kind: "time" },
    { kind: "timestamp" },
    { kind: "timestamptz" },
    { kind: "json" },
    { kind: "binary" },
  ];

  it.each(kinds)("%o survives DDL type → native type", (type) => {
    expect(snowflakeNativeType(snowflakeDdlType(type))).toEqual(type);
  });

  it("reads an integer NUMBER as the narrowest integer holding all its values", () => {
    expect(snowflakeNativeType(snowflakeDdlType({ kind: "smallint" }))).toEqual({ kind: "integer" });
    expect(snowflakeNativeType(snowflakeDdlType({ kind: "integer" }))).toEqual({ kind: "bigint" });
    expect(snowflakeNativeType(snowflakeDdlType({ kind: "bigint" }))).toEqual({ kind: "numeric", precision: 19, scale: 0 });
    expect(snowflakeNativeType("NUMBER(4,0)")).toEqual({ kind: "smallint" });
    expect(snowflakeNativeType("NUMBER(18,0)")).toEqual({ kind: "bigint" });
  });

  it("reads a uuid's VARCHAR(36) back as text: a short text is no uuid", () => {
    expect(snowflakeDdlType({ kind: "uuid" })).toBe("VARCHAR(36)");
    expect(snowflakeNativeType("VARCHAR(36)")).toEqual({ kind: "text" });
  });

  it("refuses NUMBER beyond 38 digits, and reads real as FLOAT (a double)", () => {
    expect(() => snowflakeDdlType({ kind: "numeric", precision: 50, scale: 40 })).toThrow(/at most 38 digits/);
    expect(snowflakeDdlType({ kind: "numeric" })).toBe("NUMBER(38,9)");
    expect(snowflakeNativeType(snowflakeDdlType({ kind: "real" }))).toEqual({ kind: "double" });
  });

  it("names result columns from the driver's rowtype", () => {
    expect(snowflakeRowtypeName("fixed", 10, 2)).toBe("NUMBER(10,2)");
    expect(snowflakeRowtypeName("text", null, null)).toBe("VARCHAR");
    expect(snowflakeRowtypeName("timestamp_ntz", null, 3)).toBe("TIMESTAMP_NTZ(3)");
    expect(snowflakeNativeType("TIMESTAMP_LTZ(9)")).toEqual({ kind: "timestamptz" });
    expect(snowflakeNativeType("VARIANT")).toEqual({ kind: "json" });
  });
});

describe("Snowflake canonical text", () => {
  const instant = (epochSeconds: number, nanoseconds: number) => ({
    getEpochSeconds: () => epochSeconds,
    getNanoSeconds: () => nanoseconds,
  });

  it("writes driver values as canonical text", () => {
    expect(canonicalText({ kind: "boolean" }, true)).toBe("t");
    expect(canonicalText({ kind: "numeric" }, "NULL")).toBeNull();
    expect(canonicalText({ kind: "double" }, "1.000000000000000e+300")).toBe("1e+300");
    expect(canonicalText({ kind: "date" }, instant(-62135596800, 0))).toBe("0001-01-01");
    expect(canonicalText({ kind: "time" }, "12:00:00.000000")).toBe("12:00:00");
    expect(canonicalText({ kind: "time" }, "23:59:59.999990")).toBe("23:59:59.99999");
    expect(canonicalText({ kind: "timestamp" }, instant(-1, 999999000))).toBe("1969-12-31 23:59:59.999999");
    expect(canonicalText({ kind: "timestamptz" }, instant(1709210096, 123456000))).toBe("2024-02-29 12:34:56.123456+00");
    expect(canonicalText({ kind: "binary" }, Buffer.from([0, 255]))).toBe("\\x00ff");
  });

  it("binds canonical text as strings Snowflake casts to the column type", () => {
    expect(loadValue({ kind: "boolean" }, "f")).toBe("false");
    expect(loadValue({ kind: "binary" }, "\\x00ff")).toBe("00ff");
    expect(loadValue({ kind: "timestamptz" }, "2024-02-29 12:34:56.123456+00")).toBe("2024-02-29T12:34:56.123456+00:00");
    expect(loadExpression({ kind: "json" }, "column3")).toBe("parse_json(column3)");
    expect(loadExpression({ kind: "integer" }, "column1")).toBe("cast(column1 as NUMBER(10,0))");
  });

  it("gives upper-case result keys their unquoted lower-case spelling too", () => {
    expect(withUnquotedSpellings({ ROW_COUNT: 2, label: "x", Mixed: 1 })).toEqual({ ROW_COUNT: 2, row_count: 2, label: "x", Mixed: 1 });
  });
});
