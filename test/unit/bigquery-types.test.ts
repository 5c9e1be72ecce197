import { describe, expect, it } from "vitest";
import { bigqueryDdlType, bigqueryNativeType, fieldTypeName } from "../../provider/vendors/bigquery/types";
import {
  canonicalText,
  plainDecimal,
  plainValue,
  timestampMicroseconds,
  wallClockOfMicroseconds,
} from "../../provider/vendors/bigquery/values";
import { ndjsonWriter } from "../../provider/vendors/bigquery/load-rows";
import { bigqueryDialect } from "../../provider/vendors/bigquery/dialect";
import { classifyBigqueryError } from "../../provider/vendors/bigquery/driver";
import { bytesLimitError } from "../../provider/vendors/bigquery/session";
import { bindParameters } from "../../provider/core/sql-parameters";
import { queryConfiguration } from "../../provider/vendors/bigquery/query-jobs";

describe("BigQuery type mapping", () => {
  it.each([
    [{ kind: "smallint" }, "INT64"],
    [{ kind: "bigint" }, "INT64"],
    [{ kind: "real" }, "FLOAT64"],
    [{ kind: "uuid" }, "STRING"],
    [{ kind: "timestamp" }, "DATETIME"],
    [{ kind: "timestamptz" }, "TIMESTAMP"],
    [{ kind: "numeric", precision: 12, scale: 2 }, "NUMERIC(12, 2)"],
    [{ kind: "numeric", precision: 38, scale: 9 }, "NUMERIC(38, 9)"],
    // A scale above 9 or more than 29 integer digits needs BIGNUMERIC.
    [{ kind: "numeric", precision: 38, scale: 10 }, "BIGNUMERIC(38, 10)"],
    [{ kind: "numeric", precision: 35, scale: 0 }, "BIGNUMERIC(35, 0)"],
    [{ kind: "numeric" }, "BIGNUMERIC"],
    [{ kind: "binary" }, "BYTES"],
  ] as const)("%j becomes %s", (type, ddl) => {
    expect(bigqueryDdlType(type)).toBe(ddl);
  });

  it("refuses a numeric BIGNUMERIC cannot hold, saying why", () => {
    expect(() => bigqueryDdlType({ kind: "numeric", precision: 60, scale: 40 })).toThrow(/38 digits before the point and 38 after/);
  });

  it.each([
    ["INT64", { kind: "bigint" }],
    ["INTEGER", { kind: "bigint" }],
    ["NUMERIC(12, 2)", { kind: "numeric", precision: 12, scale: 2 }],
    ["NUMERIC", { kind: "numeric", precision: 38, scale: 9 }],
    ["BIGNUMERIC", { kind: "numeric", precision: 76, scale: 38 }],
    ["FLOAT", { kind: "double" }],
    ["BOOLEAN", { kind: "boolean" }],
    ["DATETIME", { kind: "timestamp" }],
    ["TIMESTAMP", { kind: "timestamptz" }],
    ["ARRAY<INT64>", { kind: "text" }],
    ["GEOGRAPHY", { kind: "text" }],
  ] as const)("reads %s as %j", (native, type) => {
    expect(bigqueryNativeType(native)).toEqual(type);
  });

  it("names a schema field's parameterised and repeated types", () => {
    expect(fieldTypeName({ type: "NUMERIC", precision: "12", scale: "2" })).toBe("NUMERIC(12, 2)");
    expect(fieldTypeName({ type: "STRING", mode: "REPEATED" })).toBe("ARRAY<STRING>");
  });
});

describe("BigQuery REST values to canonical text", () => {
  it("spells decimals without exponents", () => {
    expect(plainDecimal("1.5E3")).toBe("1500");
    expect(plainDecimal("-1.25E-3")).toBe("-0.00125");
    expect(plainDecimal("12345678901234567890.0123456789")).toBe("12345678901234567890.0123456789");
    expect(plainDecimal("-0.0")).toBe("0");
  });

  it("turns TIMESTAMP microseconds and float seconds into the UTC wall clock", () => {
    expect(wallClockOfMicroseconds(-1n)).toBe("1969-12-31 23:59:59.999999");
    expect(wallClockOfMicroseconds(timestampMicroseconds("-62135596800000000"))).toBe("0001-01-01 00:00:00");
    expect(canonicalText({ name: "t", type: "TIMESTAMP" }, "1709210096123456")).toBe("2024-02-29 12:34:56.123456+00");
    expect(canonicalText({ name: "t", type: "TIMESTAMP" }, "1.7092100961234560E9")).toBe("2024-02-29 12:34:56.123456+00");
  });

  it("converts each type's REST text", () => {
    expect(canonicalText({ name: "b", type: "BOOL" }, "true")).toBe("t");
    expect(canonicalText({ name: "f", type: "FLOAT64" }, "1.0E300")).toBe("1e+300");
    expect(canonicalText({ name: "f", type: "FLOAT64" }, "-inf")).toBe("-Infinity");
    expect(canonicalText({ name: "y", type: "BYTES" }, Buffer.from([0, 255]).toString("base64"))).toBe("\\x00ff");
    expect(canonicalText({ name: "d", type: "DATETIME" }, "2024-02-29T12:00:00.100000")).toBe("2024-02-29 12:00:00.1");
    expect(canonicalText({ name: "n", type: "STRING" }, null)).toBeNull();
    expect(plainValue({ name: "i", type: "INT64" }, "9223372036854775807")).toBe("9223372036854775807");
    expect(plainValue({ name: "i", type: "INT64" }, "42")).toBe(42);
  });
});

describe("BigQuery load rows", () => {
  it("writes one NDJSON object per row, leaving NULLs out", () => {
    const write = ndjsonWriter([
      { name: "id", type: { kind: "bigint" }, nullable: false },
      { name: "ok", type: { kind: "boolean" }, nullable: true },
      { name: "at", type: { kind: "timestamptz" }, nullable: true },
      { name: "doc", type: { kind: "json" }, nullable: true },
      { name: "raw", type: { kind: "binary" }, nullable: true },
      { name: "x", type: { kind: "double" }, nullable: true },
      { name: "amount", type: { kind: "numeric", precision: 38, scale: 10 }, nullable: true },
    ]);
    const line = write(["9223372036854775807", "t", "2024-02-29 12:00:00.5+00", '{"a": [1]}', "\\x00ff", "NaN", "0.0000000001"]);
    expect(line).toBe(
      '{"id":9223372036854775807,"ok":true,"at":"2024-02-29 12:00:00.5+00:00","doc":{"a":[1]},"raw":"AP8=","x":"NaN","amount":"0.0000000001"}\n',
    );
    expect(write(["1", null, null, null, null, null, null])).toBe('{"id":1}\n');
  });
});

describe("BigQuery dialect", () => {
  it("quotes with backticks and qualifies [dataset] or [project, dataset]", () => {
    expect(bigqueryDialect.qualifiedName({ path: ["sales"], table: "orders" })).toBe("`sales`.`orders`");
    expect(bigqueryDialect.qualifiedName({ path: ["my-project", "sales"], table: "orders" })).toBe("`my-project`.`sales`.`orders`");
    expect(bigqueryDialect.quoteIdentifier("a`b")).toBe("`a\\`b`");
  });

  it("writes CREATE SCHEMA for [dataset] and [project, dataset]", () => {
    expect(bigqueryDialect.createSchema(["my-project", "sales"])).toBe("create schema if not exists `my-project`.`sales`");
    expect(bigqueryDialect.createSchema(["sales"])).toBe("create schema if not exists `sales`");
  });

  it("deletes the rows an upsert replaces through aliases, so tables of one name in two datasets stay apart, NULL matching NULL", () => {
    expect(
      bigqueryDialect.deleteMatching!({ path: ["p-1", "sales"], table: "orders" }, { path: ["jobs"], table: "orders" }, ["id", "region"]),
    ).toBe(
      "delete from `p-1`.`sales`.`orders` as target_row where exists (select 1 from `jobs`.`orders` as source_row where " +
        "(source_row.`id` = target_row.`id` or (source_row.`id` is null and target_row.`id` is null)) and " +
        "(source_row.`region` = target_row.`region` or (source_row.`region` is null and target_row.`region` is null)))",
    );
  });

  it("replaces an existing result with one CREATE OR REPLACE, a new one with CREATE … AS, dropping the staging table", () => {
    expect(bigqueryDialect.replaceTable({ path: ["d"], table: "t" }, "t_staging", true)).toEqual([
      "create or replace table `d`.`t` as select * from `d`.`t_staging`",
      "drop table `d`.`t_staging`",
    ]);
    expect(bigqueryDialect.replaceTable({ path: ["d"], table: "t" }, "t_staging", false)[0]).toBe(
      "create table `d`.`t` as select * from `d`.`t_staging`",
    );
  });

  it("binds :name as positional ?, leaving # comments, backtick names and escaped strings alone", () => {
    const bound = bindParameters("select :a, '\\':b', `:c` # :d\n, :a", { a: 1, b: 2, c: 3, d: 4 }, bigqueryDialect.placeholders);
    expect(bound.sql).toBe("select ?, '\\':b', `:c` # :d\n, ?");
    expect(bound.parameters).toEqual([1, 1]);
  });

  it("sends the byte limit and the deadline with every query job, and types NULL parameters", () => {
    const configuration = { projectId: "p-123456", location: "EU", queryTimeoutMilliseconds: 5_000, maximumBytesBilled: 1000 };
    expect(queryConfiguration(configuration, "select ?", [null, 1.5, true], true)).toEqual({
      dryRun: true,
      jobTimeoutMs: "5000",
      query: {
        query: "select ?",
        useLegacySql: false,
        parameterMode: "POSITIONAL",
        queryParameters: [
          { parameterType: { type: "STRING" }, parameterValue: {} },
          { parameterType: { type: "FLOAT64" }, parameterValue: { value: "1.5" } },
          { parameterType: { type: "BOOL" }, parameterValue: { value: "true" } },
        ],
        maximumBytesBilled: "1000",
      },
    });
  });
});

describe("BigQuery error classification", () => {
  it.each([
    [{ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }, "unreachable"],
    [{ code: 401, message: "Request had invalid authentication credentials." }, "authentication"],
    [{ message: "invalid_grant: Invalid JWT Signature." }, "authentication"],
    [{ code: 403, message: "Access Denied: Dataset p:d", errors: [{ reason: "accessDenied" }] }, "privilegeMissing"],
    [{ code: 404, message: "Not found: Dataset p:missing" }, "databaseMissing"],
    [{ code: 400, message: "Syntax error", errors: [{ reason: "invalidQuery" }] }, "sqlError"],
    [
      { code: 400, message: "Query exceeded limit for bytes billed: 10.", errors: [{ reason: "bytesBilledLimitExceeded" }] },
      "invalidConfiguration",
    ],
    [{ type: "request-timeout", message: "network timeout at: http://127.0.0.1:9/bigquery/v2" }, "timedOut"],
  ])("%j is %s", (error, kind) => {
    expect(classifyBigqueryError(error)).toBe(kind);
  });

  it("words the byte-limit failure with the bytes, the limit and the fix", () => {
    const error = bytesLimitError(2048, 1024);
    expect(error.kind).toBe("invalidConfiguration");
    expect(error.message).toMatch(/2048 bytes.*configuration\.maximumBytesBilled \(1024 bytes\).*raise configuration\.maximumBytesBilled/);
  });
});
