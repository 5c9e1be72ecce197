import { describe, expect, it } from "vitest";
import { bindParameters } from "../../provider/core/sql-parameters";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";

/** What only looks like a parameter is left exactly as written. */
const numbered = postgresDialect.placeholders;
const positional = mysqlDialect.placeholders;

/** Binds `sql + " :x"`; the scanned prefix must come back unchanged and only the trailing :x bound. */
function prefixKept(prefix: string, style: typeof numbered): void {
  const bound = bindParameters(`${prefix} :x`, { x: 1 }, style);
  expect(bound.sql).toBe(`${prefix} ${style.numbered ? "$1" : "?"}`);
  expect(bound.parameters).toEqual([1]);
}

describe("bindParameters: what it leaves alone", () => {
  it.each([
    ["a :: cast", "select a::text, b :: int, c::x"],
    ["a string", "select ':x'"],
    ["a string with '' escapes", "select 'it''s :x', ''':x'''"],
    ["a quoted identifier", 'select "quoted:x", "with "":x"" quotes"'],
    ["a line comment", "select 1 -- :x\n"],
    ["a block comment", "select /* :x */ 1"],
    ["a nested block comment", "select /* a /* :x */ still :x */ 1"],
    ["an anonymous dollar-quoted body", "select $$ :x ' \" $$"],
    ["a tagged dollar-quoted body", "select $fn$ :x $$ :x $fn$"],
    ["a $1 placeholder already there", "select $1,"],
  ])("Postgres: %s", (_what, prefix) => prefixKept(prefix, numbered));

  it.each([
    ["a string", "select ':x'"],
    ["a string with '' escapes", "select 'it''s :x'"],
    ["a string with backslash escapes", "select 'it\\'s :x', 'a\\\\', \"b\\\":x\""],
    ["a backtick identifier", "select `back:x`, `with``:x`"],
    ["a # comment", "select 1 # :x\n"],
    ["a -- comment", "select 1 -- :x\n"],
    ["a block comment", "select /* :x */ 1"],
  ])("MySQL: %s", (_what, prefix) => prefixKept(prefix, positional));

  it("Postgres: a backslash ends nothing in a standard string", () => {
    // standard_conforming_strings: 'a\' is a whole literal, so the :x after it is a parameter.
    prefixKept("select 'a\\',", numbered);
  });

  it("Postgres: an escape string (E'…') reads backslash escapes", () => {
    prefixKept("select E'it\\'s :x', e'\\\\',", numbered);
  });

  it("MySQL: block comments do not nest, so a parameter after the first */ is bound", () => {
    prefixKept("select /* a /* b */", positional);
  });

  it("Postgres: dollar signs inside a name are not a quote", () => {
    prefixKept("select a$b$c,", numbered);
  });
});
