import { describe, expect, it } from "vitest";
import { bindParameters } from "../../provider/core/sql-parameters";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";
import { duckdbDialect } from "../../provider/vendors/duckdb/dialect";

/** How `:name` becomes a placeholder in each dialect's style. */
const numbered = postgresDialect.placeholders;
const positional = mysqlDialect.placeholders;

describe("bindParameters: placeholders", () => {
  it("uses the dialects' own styles: numbered for Postgres and DuckDB, positional for MySQL", () => {
    expect(numbered).toMatchObject({ numbered: true, backslashEscapes: false, dollarQuotes: true, nestedComments: true });
    expect(duckdbDialect.placeholders).toEqual(numbered);
    expect(positional).toMatchObject({ numbered: false, backslashEscapes: true, hashComments: true, backtickNames: true });
  });

  it("numbers each name once and reuses the number for repeats", () => {
    const bound = bindParameters("select :b, :a, :b, :a_2, :a", { a: 1, b: "x", a_2: null }, numbered);
    expect(bound.sql).toBe("select $1, $2, $1, $3, $2");
    expect(bound.parameters).toEqual(["x", 1, null]);
    expect(bound.used).toEqual(["b", "a", "a_2"]);
  });

  it("repeats the value for every ? in positional style", () => {
    const bound = bindParameters("select :b, :a, :b", { a: false, b: 2.5 }, positional);
    expect(bound.sql).toBe("select ?, ?, ?");
    expect(bound.parameters).toEqual([2.5, false, 2.5]);
    expect(bound.used).toEqual(["b", "a"]);
  });

  it("ends a name at the first character that cannot be part of it", () => {
    const bound = bindParameters("select :a+1, (:a), :a::int, :a.x", { a: 3 }, numbered);
    expect(bound.sql).toBe("select $1+1, ($1), $1::int, $1.x");
  });

  it("binds nothing, and needs no values, when the SQL has no parameters", () => {
    const bound = bindParameters("select 1 as one", {}, positional);
    expect(bound).toEqual({ sql: "select 1 as one", parameters: [], used: [] });
  });

  it("ignores run parameters the SQL does not use", () => {
    const bound = bindParameters("select :a", { a: 1, unused: "x" }, numbered);
    expect(bound.parameters).toEqual([1]);
    expect(bound.used).toEqual(["a"]);
  });

  it("names the missing parameter, in either style", () => {
    for (const style of [numbered, positional]) {
      expect(() => bindParameters("select :present, :absent", { present: 1 }, style)).toThrow(/:absent.*runParameters has no "absent"/);
    }
  });

  it("keeps a hostile value only in parameters, never in the SQL text", () => {
    const hostile = "'); drop table x; --";
    for (const style of [numbered, positional]) {
      const bound = bindParameters("select * from t where name = :name and other = ':name'", { name: hostile }, style);
      expect(bound.sql).not.toContain(hostile);
      expect(bound.sql).not.toContain("drop table");
      expect(bound.parameters).toEqual([hostile]);
    }
  });
});
