import { describe, expect, it } from "vitest";
import { mayCreateTables } from "../../provider/core/sql-statements";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";

/** Preview defers a missing table only to an earlier step that could create it: which steps could. */
describe("mayCreateTables", () => {
  it.each([
    ["select 1 as id", false],
    ["  -- a note\n select * from orders", false],
    ["with recent as (select 1 as id) select * from recent", false],
    ["values (1), (2)", false],
    ["show tables", false],
    ["select 'into' as word, \"into\" from orders", false],
    ["select * into copied from orders", true],
    ["create table copied as select 1 as id", true],
    ["insert into orders select 1", true],
    ["create schema staging", true],
    ["attach 'other.duckdb' as other", true],
    ["set search_path = staging", true],
  ])("%s: %s", (sql, expected) => {
    expect(mayCreateTables(sql, postgresDialect.placeholders)).toBe(expected);
  });

  it("reads MySQL's lexis: a backtick name `into` is no keyword, SELECT … INTO is", () => {
    expect(mayCreateTables("select `into` from orders", mysqlDialect.placeholders)).toBe(false);
    expect(mayCreateTables("select 1 into @total", mysqlDialect.placeholders)).toBe(true);
  });
});
