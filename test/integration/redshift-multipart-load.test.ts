/**
 * A load of more than 64 MB (uncompressed) into Redshift goes as several gzip CSV parts
 * read by one COPY. Every row holds commas, quotes, CRLF and LF line breaks, a literal \N and
 * multi-byte text, so a part cut inside a row or a quoted field read across a part's end would
 * change the rows; a NULL every seventh row must stay NULL and an empty text stay empty. The rows
 * after equal the source's (checksum), one COPY read every part, and no object stays in S3.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { startRedshiftProxy, type RedshiftProxy } from "../support/redshift-proxy";
import { redshiftServices } from "../support/redshift-services";
import { keysUnder, S3_TEST_CREDENTIALS, S3_TEST_REGION } from "../support/s3-emulator";
import { postgres } from "../support/services";
import { admin, checksum, postgresSource, publicationInputs, redshiftConnection } from "../support/redshift-publication-inputs";

const schema = uniqueName("hostile_rs_parts");
const prefix = `${schema}/loads`;
const ROWS = 450_000;
let proxy: RedshiftProxy;

beforeAll(async () => {
  // A proxy of this file's own, so its log of served COPYs holds only this file's.
  proxy = await startRedshiftProxy({
    upstream: { host: postgres.host, port: postgres.port },
    s3: { endpoint: redshiftServices().s3Endpoint, region: S3_TEST_REGION, credentials: S3_TEST_CREDENTIALS },
  });
  await admin(`create schema ${schema}`);
});
afterAll(async () => {
  await proxy?.close();
  await admin(`drop schema if exists ${schema} cascade`);
});

describe("Redshift load larger than one part", () => {
  it("truncateAndLoad of over 64 MB of awkward text lands every row unchanged through one COPY of several parts", async () => {
    const source = uniqueName("parts_source");
    const table = uniqueName("parts_target");
    await admin(
      `create table ${schema}.${source} as select g as id,
         case when g % 7 = 0 then null when g % 7 = 1 then '' when g % 7 = 2 then '\\N'
              else repeat('a,b "q"' || chr(13) || chr(10) || 'é€😀' || chr(10), 12) || g end as body
         from generate_series(1, ${ROWS}) g`,
    );
    await admin(`create table ${schema}.${table} (id integer, body varchar(65535))`);
    await admin(`insert into ${schema}.${table} values (-1, 'replaced')`);
    const connection = { ...redshiftConnection(prefix) };
    connection.configuration = { ...(connection.configuration as Record<string, unknown>), port: proxy.port };

    const { outs } = await publication.create(
      publicationInputs({ connection: postgresSource, path: [schema], table: source }, { connection, schema, table }, "truncateAndLoad"),
    );

    expect(outs.rowCount).toBe(ROWS);
    expect(await checksum(`select * from ${schema}.${table}`, "r.id")).toEqual(await checksum(`select * from ${schema}.${source}`, "r.id"));
    expect(proxy.s3Copies).toHaveLength(1);
    expect(proxy.s3Copies[0].keys.length).toBeGreaterThan(1);
    expect(proxy.s3Copies[0].keys.every((key) => /\/part-\d{4}\.csv\.gz$/.test(key))).toBe(true);
    expect(proxy.refusals).toEqual([]);
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  }, 300_000);
});
