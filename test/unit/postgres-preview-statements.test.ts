import { describe, expect, it } from "vitest";
import { postgresPreview } from "../../provider/vendors/postgres/preview-statements";

describe("what a Postgres preview runs inside its rolled-back transaction", () => {
  it.each([
    "select * from t",
    "with x as (select 1) select * from x",
    "insert into t values (1)",
    "update t set a = 1",
    "delete from t",
    "create temporary table s as select 1",
    "create table s (x int)",
    "alter table t add column y int",
    "drop table t",
    "truncate t",
    "comment on table t is 'x'",
    "set local work_mem = '64MB'",
    "/* leading comment */ select 1",
  ])("runs %s", (sql) => {
    expect(postgresPreview(sql)).toEqual({ run: true });
  });

  it.each([
    "copy t to '/tmp/file.csv'",
    "copy (select 1) to program 'touch /tmp/x'",
    "copy t from '/tmp/file.csv'",
    "do $$ begin commit; end $$",
    "call wipe()",
    "explain analyze delete from t",
    "checkpoint",
    "load 'plugin'",
    "prepare p as delete from t",
    "execute p",
    "select lo_export(42, '/tmp/out')",
    "select nextval('orders_id_seq')",
    "select setval('orders_id_seq', 1)",
    "select * from dblink_exec('host=x', 'delete from t')",
    "select pg_terminate_backend(123)",
  ])("leaves %s to the job", (sql) => {
    expect(postgresPreview(sql)).toEqual({ run: false });
  });

  it.each([
    ["vacuum t", /VACUUM cannot run inside a transaction/],
    ["VACUUM (analyze) t", /VACUUM/],
    ["create database d", /CREATE DATABASE/],
    ["drop database d", /DROP DATABASE/],
    ["alter system set work_mem = '1MB'", /ALTER SYSTEM/],
    ["create index concurrently i on t (x)", /CREATE … CONCURRENTLY/],
    ["create unique index concurrently i on t (x)", /CREATE … CONCURRENTLY/],
    ["drop index concurrently i", /DROP … CONCURRENTLY/],
    ["reindex table concurrently t", /REINDEX … CONCURRENTLY/],
    ["create tablespace s location '/tmp'", /CREATE TABLESPACE/],
  ])("refuses %s, which cannot run in the job's transaction at up either", (sql, reason) => {
    const preview = postgresPreview(sql);
    expect(preview).toEqual({ refuse: expect.stringMatching(reason) });
    expect((preview as { refuse: string }).refuse).toMatch(/run it outside the job/);
  });

  it("reads keywords in code only", () => {
    expect(postgresPreview("select 'vacuum; copy' as vacuum_note, $$lo_export$$")).toEqual({ run: true });
    expect(postgresPreview(`select "lo_export" from t`)).toEqual({ run: true });
  });
});
