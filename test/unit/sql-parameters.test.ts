import { describe, expect, it } from "vitest";
import { bindParameters } from "../../provider/core/sql-parameters";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";

const numbered = postgresDialect.placeholders;
const positional = mysqlDialect.placeholders;

describe("bindParameters", () => {
  it("binds :name as numbered placeholders, reusing the number for repeats", () => {
    const bound = bindParameters(
      "select * from t where a = :country and b = :limit or c = :country",
      { country: "DE", limit: 5 },
      numbered,
    );
    expect(bound.sql).toBe("select * from t where a = $1 and b = $2 or c = $1");
    expect(bound.parameters).toEqual(["DE", 5]);
    expect(bound.used).toEqual(["country", "limit"]);
  });

  it("binds :name as ? with one value per use for MySQL", () => {
    const bound = bindParameters("select :a, :b, :a", { a: 1, b: true }, positional);
    expect(bound.sql).toBe("select ?, ?, ?");
    expect(bound.parameters).toEqual([1, true, 1]);
  });

  it("leaves casts, literals, quoted names, comments and dollar-quoted bodies alone", () => {
    const sql = [
      "select x::text, ':a' as lit, 'it''s :a' as quoted, \"col:a\" as name -- :a",
      "/* outer /* :a nested */ still :a */ , $$ :a $$, $tag$ :a $tag$, :a",
    ].join("\n");
    const bound = bindParameters(sql, { a: 1 }, numbered);
    expect(bound.sql).toBe(sql.replace(/, :a$/, ", $1"));
    expect(bound.parameters).toEqual([1]);
  });

  it("knows MySQL's backticks, # comments and backslash escapes", () => {
    const sql = "select `x:a`, 'it\\'s :a', :a # :a";
    const bound = bindParameters(sql, { a: 2 }, positional);
    expect(bound.sql).toBe("select `x:a`, 'it\\'s :a', ? # :a");
    expect(bound.parameters).toEqual([2]);
  });

  it("names a parameter the SQL uses but runParameters lacks", () => {
    expect(() => bindParameters("select :missing", {}, numbered)).toThrow(/:missing.*runParameters has no "missing"/);
  });

  it("keeps a hostile value out of the SQL text", () => {
    const hostile = "'); drop table orders; --";
    const bound = bindParameters("select * from orders where customer = :customer", { customer: hostile }, numbered);
    expect(bound.sql).not.toContain("drop table");
    expect(bound.parameters).toEqual([hostile]);
  });
});
