import { describe, expect, it } from "vitest";
import { redshiftRefusal, s3CopyOf, splitStatements, upstreamCopy } from "../support/redshift-statements";

describe("the Redshift proxy's statement rules", () => {
  it.each([
    ["copy t (a) from stdin", "COPY FROM STDIN"],
    ["COPY (select 1) TO STDOUT", "COPY TO"],
    ["copy t to stdout", "COPY TO"],
    ["insert into t values (1) on conflict (id) do nothing", 'syntax error at or near "ON"'],
    ["create table t (a jsonb)", '"jsonb"'],
    ["create table t (a json, b int)", '"json"'],
    ['create table t ("id" uuid not null)', '"uuid"'],
    ["create table t (a integer[])", '"array"'],
    ["create table t (id serial primary key)", '"serial"'],
    ["alter table t add column b bytea", '"bytea"'],
    ["create table t (a inet)", '"inet"'],
    ["select pg_try_advisory_lock(1)", "pg_try_advisory_lock does not exist"],
    ["select * from aclexplode(null)", "aclexplode does not exist"],
    ["select to_regclass('t')", "to_regclass does not exist"],
    ["select format_type(oid, typmod) from unnest($1::oid[], $2::int[]) as t(oid, typmod)", "unnest does not exist"],
    ["select $1::int[] as ids", "no array types"],
    ["select array[1, 2] as ids", "no array types"],
  ])("refuses %s", (sql, message) => {
    expect(redshiftRefusal(sql, false)?.message).toContain(message);
  });

  it("refuses TRUNCATE only inside a transaction, where Redshift's would commit it", () => {
    expect(redshiftRefusal("truncate table t", true)?.message).toContain("commits the open transaction");
    expect(redshiftRefusal("truncate table t", false)).toBeUndefined();
  });

  it.each([
    "select 'on conflict' as text",
    'create table t ("jsonb" varchar(10), note varchar(65535))',
    "create table t as select '{}'::varchar as json",
    "insert into t select * from s -- on conflict",
    "delete from t",
    "merge into t using s on t.id = s.id when matched then update set a = s.a",
  ])("lets %s through", (sql) => {
    expect(redshiftRefusal(sql, true)).toBeUndefined();
  });

  it("reads a COPY from S3 with its credentials, format and region, and turns it into a COPY from the client's data", () => {
    const copy = s3CopyOf(
      `COPY "s"."t" ("a", "b") FROM 's3://bucket/loads/run-1/' ACCESS_KEY_ID 'AK' SECRET_ACCESS_KEY 'S''x' FORMAT AS CSV GZIP NULL AS '\\\\N' REGION 'eu-west-1'`,
    );
    expect(copy).toMatchObject({
      into: '"s"."t" ("a", "b")',
      bucket: "bucket",
      prefix: "loads/run-1/",
      accessKeyId: "AK",
      secretAccessKey: "S'x",
      csv: true,
      gzip: true,
      nullText: "\\N",
      region: "eu-west-1",
    });
    expect(upstreamCopy(copy!)).toBe(`COPY "s"."t" ("a", "b") FROM STDIN WITH (format csv, null '\\N')`);
    expect(s3CopyOf("copy t from 's3://b/p' iam_role 'arn:aws:iam::1:role/r' csv")).toMatchObject({ iamRole: "arn:aws:iam::1:role/r" });
    expect(s3CopyOf("copy t from 's3://b/p' manifest")).toBeUndefined();
    expect(redshiftRefusal("copy t from 's3://b/p' manifest", false)?.message).toContain("only FROM 's3://");
  });

  it("splits a simple query at semicolons outside literals, names, comments and dollar quotes", () => {
    expect(splitStatements("begin; insert into t values ('a;b'); do $$ begin null; end $$; -- x;\ncommit")).toEqual([
      "begin",
      "insert into t values ('a;b')",
      "do $$ begin null; end $$",
      "-- x;\ncommit",
    ]);
  });
});
