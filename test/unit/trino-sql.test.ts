import { describe, expect, it } from "vitest";
import type { ColumnType } from "../../provider/core/columns";
import { DataplaneError } from "../../provider/core/failures";
import { bindParameters } from "../../provider/core/sql-parameters";
import { atomicPlan, mergeSql } from "../../provider/vendors/trino/atomic-plan";
import { TrinoConfigurationError, TrinoHttpError, TrinoQueryError } from "../../provider/vendors/trino/client";
import { mysqlDialect } from "../../provider/vendors/mysql/dialect";
import { trinoDialect } from "../../provider/vendors/trino/dialect";
import { classifyTrinoError } from "../../provider/vendors/trino/driver";
import { castableText, castExpression, parameterLiteral } from "../../provider/vendors/trino/literals";
import { isInsert, isQuery, preparedRequest } from "../../provider/vendors/trino/session";
import { insertSql, rowJson, selectExpression } from "../../provider/vendors/trino/transfer";
import { trinoDdlType, trinoNativeType } from "../../provider/vendors/trino/types";

describe("Trino run parameters", () => {
  it("binds :name as ? and reads # and backticks as plain characters (standard SQL)", () => {
    const bound = bindParameters(
      "select :a as \"x:b\", ':b', `:a` # :b\n-- :b\n/* :b */ , :b",
      { a: 1, b: "two" },
      trinoDialect.placeholders,
    );
    expect(bound.sql).toBe("select ? as \"x:b\", ':b', `?` # ?\n-- :b\n/* :b */ , ?");
    expect(bound.parameters).toEqual([1, 1, "two", "two"]);
  });

  it("keeps # comments and backticks for MySQL's placeholders", () => {
    const bound = bindParameters("select `:a` # :a\n, :a", { a: 1 }, mysqlDialect.placeholders);
    expect(bound.sql).toBe("select `:a` # :a\n, ?");
  });

  it("sends the SQL unchanged as a prepared statement and the values as typed literals after EXECUTE … USING", () => {
    const request = preparedRequest("select ? as a, ? as b, ? as c, ? as d, ? as e", ["it's'); drop table x; --", 42, 0.5, true, null]);
    expect(request.prepared).toEqual({ dataplane_statement: "select ? as a, ? as b, ? as c, ? as d, ? as e" });
    expect(request.sql).toBe("execute dataplane_statement using 'it''s''); drop table x; --', 42, DOUBLE '0.5', TRUE, NULL");
    expect(preparedRequest("select 1", [])).toEqual({ sql: "select 1", prepared: undefined });
    expect(preparedRequest("select ?", [1], (statement) => `explain ${statement}`).sql).toBe("explain execute dataplane_statement using 1");
  });

  it("renders numbers beyond exact integers and non-finite numbers as DOUBLE", () => {
    expect(parameterLiteral(2 ** 60)).toBe("DOUBLE '1152921504606847000'");
    expect(parameterLiteral(-7)).toBe("-7");
    expect(parameterLiteral(NaN)).toBe("nan()");
    expect(parameterLiteral(-Infinity)).toBe("-infinity()");
  });
});

describe("Trino bulk rows from canonical text", () => {
  const cases: Array<[ColumnType, string, string]> = [
    [{ kind: "timestamptz" }, "2024-02-29 12:34:56.1+00", "2024-02-29 12:34:56.1 +00:00"],
    [{ kind: "timestamptz" }, "2024-02-29 12:34:56-05:30", "2024-02-29 12:34:56 -05:30"],
    [{ kind: "timestamptz" }, "2024-02-29 12:34:56", "2024-02-29 12:34:56 UTC"],
    [{ kind: "binary" }, "\\x00ff", "00ff"],
    [{ kind: "binary" }, "\\x", ""],
    [{ kind: "text" }, "it's \\ \n", "it's \\ \n"],
    [{ kind: "double" }, "-Infinity", "-Infinity"],
  ];
  it.each(cases)("%j %j → %j", (type, text, castable) => {
    expect(castableText(text, type)).toBe(castable);
  });

  it("refuses binary text that is not canonical", () => {
    expect(() => castableText("\\xzz", { kind: "binary" })).toThrow(/not in canonical text form/);
  });

  it("casts each kind from VARCHAR in the engine", () => {
    expect(castExpression("c0", { kind: "text" })).toBe("c0");
    expect(castExpression("c0", { kind: "json" })).toBe("json_parse(c0)");
    expect(castExpression("c0", { kind: "binary" })).toBe("from_hex(c0)");
    expect(castExpression("c0", { kind: "numeric", precision: 12, scale: 2 })).toBe("CAST(c0 AS DECIMAL(12,2))");
    expect(castExpression("c0", { kind: "timestamptz" })).toBe("CAST(c0 AS TIMESTAMP(6) WITH TIME ZONE)");
  });

  it("sends a batch as one string literal of JSON rows, quotes doubled, cast column by column", () => {
    const columns = [
      { name: "id", type: { kind: "integer" as const }, nullable: false },
      { name: 'the "label"', type: { kind: "text" as const }, nullable: true },
    ];
    const rows = [rowJson(["1", "it's"], columns), rowJson(["2", null], columns)];
    expect(rows).toEqual(['["1","it\'s"]', '["2",null]']);
    expect(insertSql({ path: ["memory", "s"], table: "t" }, columns, `[${rows.join(",")}]`)).toBe(
      [
        'INSERT INTO "memory"."s"."t" ("id", "the ""label""")',
        "SELECT CAST(c0 AS INTEGER), c1",
        `FROM UNNEST(CAST(json_parse('[["1","it''s"],["2",null]]') AS ARRAY(ROW(c0 VARCHAR, c1 VARCHAR)))) AS batch (c0, c1)`,
      ].join("\n"),
    );
    expect(() => rowJson(["1"], columns)).toThrow(/1 fields, expected 2/);
  });

  it("selects each kind as its canonical text in the engine", () => {
    expect(selectExpression({ name: "b", type: { kind: "binary" }, nullable: true })).toBe(`'\\x' || lower(to_hex("b"))`);
    expect(selectExpression({ name: "z", type: { kind: "timestamptz" }, nullable: true })).toBe(
      `CAST(CAST(at_timezone("z", 'UTC') AS TIMESTAMP(6)) AS VARCHAR) || '+00'`,
    );
    expect(selectExpression({ name: "j", type: { kind: "json" }, nullable: true })).toBe(`json_format("j")`);
  });
});

describe("Trino types", () => {
  it("maps every canonical kind to a Trino type and back", () => {
    const kinds: ColumnType[] = [
      { kind: "boolean" },
      { kind: "smallint" },
      { kind: "integer" },
      { kind: "bigint" },
      { kind: "numeric", precision: 38, scale: 10 },
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
    for (const type of kinds) expect(trinoNativeType(trinoDdlType(type).toLowerCase())).toEqual(type);
  });

  it("reads the spellings Trino reports", () => {
    expect(trinoNativeType("varchar(12)")).toEqual({ kind: "text" });
    expect(trinoNativeType("decimal(12,2)")).toEqual({ kind: "numeric", precision: 12, scale: 2 });
    expect(trinoNativeType("timestamp(3) with time zone")).toEqual({ kind: "timestamptz" });
    expect(trinoNativeType("timestamp(3)")).toEqual({ kind: "timestamp" });
    expect(trinoNativeType("tinyint")).toEqual({ kind: "smallint" });
    expect(trinoNativeType("array(integer)")).toEqual({ kind: "text" });
    expect(trinoNativeType("time(3) with time zone")).toEqual({ kind: "text" });
  });

  it("puts an unconstrained numeric in DECIMAL(38,10) and refuses more than 38 digits", () => {
    expect(trinoDdlType({ kind: "numeric" })).toBe("DECIMAL(38,10)");
    expect(() => trinoDdlType({ kind: "numeric", precision: 40, scale: 2 })).toThrow(/at most 38 digits/);
  });
});

describe("Trino dialect", () => {
  it("qualifies names with catalog and schema, and renames to a qualified name", () => {
    expect(trinoDialect.qualifiedName({ path: ["memory", "s"], table: 'a"b' })).toBe('"memory"."s"."a""b"');
    expect(trinoDialect.renameTable({ path: ["s"], table: "a" }, "b")).toBe('alter table "s"."a" rename to "s"."b"');
    expect(trinoDialect.createSchema(["memory", "s"])).toBe('create schema if not exists "memory"."s"');
  });

  it("replaces a table by renaming it away, renaming the staging table in, and dropping the old one", () => {
    expect(trinoDialect.replaceTable({ path: ["c", "s"], table: "t" }, "t_staging", true)).toEqual([
      'drop table if exists "c"."s"."t_staging_retired"',
      'alter table "c"."s"."t" rename to "c"."s"."t_staging_retired"',
      'alter table "c"."s"."t_staging" rename to "c"."s"."t"',
      'drop table "c"."s"."t_staging_retired"',
    ]);
    expect(trinoDialect.replaceTable({ path: ["s"], table: "t" }, "st", false)).toEqual(['alter table "s"."st" rename to "s"."t"']);
  });

  it("writes an upsert as one MERGE matching null keys", () => {
    expect(mergeSql('"c"."s"."t"', '"c"."s"."st"', ["id"], ["id", "label"])).toBe(
      [
        'merge into "c"."s"."t" t using "c"."s"."st" s on (t."id" is not distinct from s."id")',
        'when matched then update set "label" = s."label"',
        'when not matched then insert ("id", "label") values (s."id", s."label")',
      ].join("\n"),
    );
  });

  it("turns a change that rewrites rows into build-then-swap, and leaves single statements alone", () => {
    const target = { path: ["c", "s"], table: "t" };
    const plan = atomicPlan({
      target,
      statements: ["truncate table x", "insert into x select 1"],
      replacementRows: (replacement) => [`insert into ${trinoDialect.qualifiedName(replacement)} ("id") select "id" from "c"."s"."st"`],
    });
    expect(plan.merge).toBeUndefined();
    expect(plan.build).toEqual([
      'drop table if exists "c"."s"."t_replacement"',
      'create table "c"."s"."t_replacement" (like "c"."s"."t" including properties)',
      'insert into "c"."s"."t_replacement" ("id") select "id" from "c"."s"."st"',
    ]);
    expect(plan.swap).toEqual(trinoDialect.replaceTable(target, "t_replacement", true));
    expect(plan.cleanup).toEqual(['drop table if exists "c"."s"."t_replacement"']);
    expect(atomicPlan({ target, statements: ["insert into x select 1"] })).toEqual({
      build: ["insert into x select 1"],
      swap: [],
      cleanup: [],
    });
  });

  it("tries an upsert as one MERGE, with the rebuild to fall back on", () => {
    const target = { path: ["c", "s"], table: "t" };
    const source = { path: ["c", "s"], table: "st" };
    const plan = atomicPlan({
      target,
      statements: ["delete …", "insert …"],
      replacementRows: (replacement) => [`insert into ${trinoDialect.qualifiedName(replacement)} select 1`],
      upsert: { source, keys: ["id", 'k"2'], columns: ["id", 'k"2', "label"] },
    });
    expect(plan.merge).toBe(mergeSql('"c"."s"."t"', '"c"."s"."st"', ["id", 'k"2'], ["id", 'k"2', "label"]));
    expect(plan.build.at(-1)).toBe('insert into "c"."s"."t_replacement" select 1');
    expect(plan.swap).toEqual(trinoDialect.replaceTable(target, "t_replacement", true));
  });

  it("tells queries and row-changing statements apart", () => {
    expect(isQuery("-- c\n/* d */ (with a as (select 1) select * from a)")).toBe(true);
    expect(isQuery("values 1")).toBe(true);
    expect(isQuery("create table x as select 1")).toBe(false);
    expect(isInsert(" INSERT into t select 1")).toBe(true);
    expect(isInsert("delete from t")).toBe(false);
    expect(isInsert("drop table t")).toBe(false);
  });
});

describe("Trino failure classification", () => {
  it.each([
    [new TrinoQueryError({ message: "x", errorName: "CATALOG_NOT_FOUND", errorType: "USER_ERROR" }), "databaseMissing"],
    [new TrinoQueryError({ message: "x", errorName: "SCHEMA_NOT_FOUND", errorType: "USER_ERROR" }), "tableMissing"],
    [new TrinoQueryError({ message: "Access Denied", errorName: "PERMISSION_DENIED", errorType: "USER_ERROR" }), "privilegeMissing"],
    [new TrinoQueryError({ message: "x", errorName: "EXCEEDED_TIME_LIMIT", errorType: "INSUFFICIENT_RESOURCES" }), "timedOut"],
    [new TrinoQueryError({ message: "x", errorName: "TABLE_NOT_FOUND", errorType: "USER_ERROR" }), "tableMissing"],
    [new TrinoQueryError({ message: "x", errorName: "GENERIC_INTERNAL_ERROR", errorType: "INTERNAL_ERROR" }), "unknown"],
    [new TrinoHttpError(401), "authentication"],
    [new TrinoHttpError(403), "privilegeMissing"],
    [new TrinoConfigurationError("x"), "invalidConfiguration"],
    [Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }), "unreachable"],
    [Object.assign(new TypeError("fetch failed"), { cause: { code: "ERR_TLS_CERT_ALTNAME_INVALID" } }), "tls"],
    [Object.assign(new TypeError("fetch failed"), { cause: { message: "self-signed certificate" } }), "tls"],
    [new DOMException("aborted", "AbortError"), "timedOut"],
    [new DataplaneError("databaseMissing", "x"), "databaseMissing"],
  ])("%s → %s", (error, kind) => {
    expect(classifyTrinoError(error)).toBe(kind);
  });
});
