import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Client, type QueryConfig } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, withPostgres } from "../support/admin";
import { redshiftServices } from "../support/redshift-services";
import { S3_TEST_BUCKET, S3_TEST_CREDENTIALS, s3Admin } from "../support/s3-emulator";
import { postgres } from "../support/services";

/**
 * The test-only Redshift stand-in itself (test/support/redshift-proxy.ts): it must refuse what
 * Redshift refuses over both protocols the pg driver speaks, leave the transaction as Redshift
 * would, and load `COPY … FROM 's3://…'` from the emulator inside the client's transaction.
 */
const schema = uniqueName("redshift_proxy");
let client: Client;

const extended = (sql: string, values: unknown[] = []) => client.query({ text: sql, values, queryMode: "extended" } as QueryConfig);

beforeAll(async () => {
  await withPostgres((admin) => admin.query(`create schema ${schema}; create table ${schema}.t (id integer, name varchar(20))`));
  client = new Client({ ...postgres, port: redshiftServices().proxyPort });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await withPostgres((admin) => admin.query(`drop schema ${schema} cascade`));
});

describe("the Redshift proxy", () => {
  it.each([
    ["simple", (sql: string) => client.query(sql)],
    ["extended", (sql: string) => extended(sql)],
  ])("refuses over the %s protocol what Redshift refuses, and passes the rest to Postgres", async (_, run) => {
    await expect(run(`copy ${schema}.t from stdin`)).rejects.toThrow("COPY FROM STDIN is not supported");
    await expect(run(`copy ${schema}.t to stdout`)).rejects.toThrow("COPY TO is not supported");
    await expect(run(`insert into ${schema}.t values (1, 'a') on conflict do nothing`)).rejects.toThrow('syntax error at or near "ON"');
    await expect(run(`create table ${schema}.j (a jsonb)`)).rejects.toThrow('unsupported type "jsonb"');
    expect((await run("select 41 + 1 as answer")).rows).toEqual([{ answer: 42 }]);
  });

  it("refuses a TRUNCATE inside a transaction, which then fails as on Redshift, and allows it outside one", async () => {
    await client.query("begin");
    await expect(extended(`truncate table ${schema}.t`)).rejects.toThrow("TRUNCATE commits the open transaction");
    await expect(extended("select 1")).rejects.toThrow("current transaction is aborted");
    await client.query("rollback");
    await expect(client.query(`begin; truncate table ${schema}.t; commit`)).rejects.toThrow("TRUNCATE commits");
    await client.query("rollback");
    await extended(`truncate table ${schema}.t`);
  });

  it("loads gzip CSV parts from S3 inside the client's transaction: rolled back, nothing stays", async () => {
    const { s3Endpoint } = redshiftServices();
    const prefix = `${schema}/run/`;
    const s3 = s3Admin(s3Endpoint);
    await s3.send(new PutObjectCommand({ Bucket: S3_TEST_BUCKET, Key: `${prefix}part-0000.csv.gz`, Body: gzipSync('1,"a,b"\n2,\\N\n') }));
    await s3.send(new PutObjectCommand({ Bucket: S3_TEST_BUCKET, Key: `${prefix}part-0001.csv.gz`, Body: gzipSync('3,""\n') }));
    const copy = `copy ${schema}.t (id, name) from 's3://${S3_TEST_BUCKET}/${prefix}' access_key_id '${S3_TEST_CREDENTIALS.accessKeyId}' secret_access_key '${S3_TEST_CREDENTIALS.secretAccessKey}' format as csv gzip null as '\\\\N' region 'us-east-1'`;
    await client.query("begin");
    expect((await extended(copy)).rowCount).toBe(3);
    expect((await extended(`select id, name from ${schema}.t order by id`)).rows).toEqual([
      { id: 1, name: "a,b" },
      { id: 2, name: null },
      { id: 3, name: "" },
    ]);
    await client.query("rollback");
    expect((await extended(`select count(*)::int as n from ${schema}.t`)).rows).toEqual([{ n: 0 }]);
    expect((await client.query(copy)).rowCount).toBe(3);
    await expect(
      extended(`copy ${schema}.t from 's3://${S3_TEST_BUCKET}/${schema}/none/' iam_role 'arn:aws:iam::1:role/r' csv`),
    ).rejects.toThrow("The specified S3 prefix");
  });
});
