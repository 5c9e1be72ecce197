import { describe, expect, it } from "vitest";
import { bindParameters } from "../../provider/core/sql-parameters";
import { postgresDialect } from "../../provider/vendors/postgres/dialect";
import { trinoDialect } from "../../provider/vendors/trino/dialect";

/**
 * Postgres and DuckDB slice arrays with `a[lo:hi]`: inside brackets, a `:` right after `[`,
 * a name, a number, `)`, `]` or a quote is a slice bound, not a parameter. A parameter inside
 * a slice is written where an operand starts: `a[(:lo):(:hi)]`, `a[1 + :n]`.
 */
const slicing = postgresDialect.placeholders;
const notSlicing = trinoDialect.placeholders;

describe("bindParameters: array slices", () => {
  it.each([
    ["names as bounds", "select a[lo:hi] from t"],
    ["a number, then a name", "select a[2:n] from t"],
    ["spaces around the colon", "select a[2 : n] from t"],
    ["an open lower bound", "select a[:hi] from t"],
    ["an open upper bound", "select a[lo:] from t"],
    ["a step (DuckDB)", "select a[1:10:2] from t"],
    ["nested brackets", "select a[b[i]:c[j]] from t"],
    ["a parenthesised bound", "select a[(i):(j)] from t"],
    ["a quoted name as bound", 'select a["lo":"hi"] from t'],
  ])("leaves a slice with %s alone", (_what, sql) => {
    const bound = bindParameters(`${sql} where x = :x`, { x: 1 }, slicing);
    expect(bound.sql).toBe(`${sql} where x = $1`);
    expect(bound.parameters).toEqual([1]);
  });

  it("binds a parameter that starts an operand inside a slice", () => {
    const bound = bindParameters("select a[(:lo):(:hi)], b[1 + :n], c[2: :hi] from t", { lo: 1, hi: 3, n: 2 }, slicing);
    expect(bound.sql).toBe("select a[($1):($2)], b[1 + $3], c[2: $2] from t");
    expect(bound.parameters).toEqual([1, 3, 2]);
  });

  it("binds after the brackets close", () => {
    const bound = bindParameters("select a[lo:hi] from t where b = c[1]:: int and d = :d", { d: 4 }, slicing);
    expect(bound.sql).toBe("select a[lo:hi] from t where b = c[1]:: int and d = $1");
  });

  it("keeps a :name index a parameter where the dialect has no slices (Trino)", () => {
    const bound = bindParameters("select a[:i] from t", { i: 2 }, notSlicing);
    expect(bound.sql).toBe("select a[?] from t");
    expect(bound.parameters).toEqual([2]);
  });
});
