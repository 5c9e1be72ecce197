/**
 * What a Redshift connection's preview proves before `up`: the S3 staging of its loads answers
 * (a wrong bucket, or no way for COPY to read the parts, fails the connection test naming the
 * property), and a job step Redshift would commit in the middle of (TRUNCATE) is refused at
 * preview with the fix, instead of being rehearsed for real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import * as jobGroup from "../../provider/resources/job-group";
import { uniqueName, withPostgres } from "../support/admin";
import { redshiftCredentials, redshiftServices, s3Staging } from "../support/redshift-services";
import { postgres } from "../support/services";

const schema = uniqueName("redshift_preview");

/** Connection inputs; a JobGroup receives them with the connection's id. */
function redshift(s3: Record<string, unknown>, credentials: Record<string, unknown> = redshiftCredentials()) {
  return {
    type: "redshift",
    configuration: { host: postgres.host, port: redshiftServices().proxyPort, database: postgres.database, user: postgres.user, s3 },
    credentials,
  };
}

beforeAll(() =>
  withPostgres((client) =>
    client.query(`create schema ${schema}; create table ${schema}.kept (id integer); insert into ${schema}.kept values (1)`),
  ),
);
afterAll(() => withPostgres((client) => client.query(`drop schema ${schema} cascade`)));

describe("Redshift preview", () => {
  it("a connection whose S3 staging answers passes its test", async () => {
    const { failures } = await connection.check({}, { resourceName: "rs", ...redshift(s3Staging(redshiftServices().s3Endpoint)) });
    expect(failures ?? []).toEqual([]);
  });

  it("a missing bucket fails the connection test naming configuration.s3.bucket", async () => {
    const s3 = { ...s3Staging(redshiftServices().s3Endpoint), bucket: "no-such-bucket-here" };
    const { failures } = await connection.check({}, { resourceName: "rs", ...redshift(s3) });
    expect(failures?.[0]?.reason).toContain("configuration.s3.bucket does not exist");
  });

  it("staging without an IAM role or access keys fails naming both fixes, never echoing the password", async () => {
    const { failures } = await connection.check(
      {},
      { resourceName: "rs", ...redshift(s3Staging(redshiftServices().s3Endpoint), { password: postgres.password }) },
    );
    expect(failures?.[0]?.reason).toContain("configuration.s3.iamRole");
    expect(failures?.[0]?.reason).toContain("credentials.accessKeyId");
    expect(failures?.[0]?.reason).not.toContain(postgres.password);
  });

  it("a job step that would TRUNCATE is refused at preview with DELETE as the fix, and the table keeps its rows", async () => {
    const { failures } = await jobGroup.check(
      {},
      {
        resourceName: "rs-job",
        connection: { connectionId: "rs-preview", ...redshift(s3Staging(redshiftServices().s3Endpoint)) },
        steps: [
          { name: "wipe", sql: `truncate table ${schema}.kept` },
          { name: "result", sql: `select id from ${schema}.kept` },
        ],
        output: { path: [schema], table: "result" },
      },
    );
    expect(failures?.[0]?.reason).toContain("use DELETE FROM instead");
    const { rows } = await withPostgres((client) => client.query(`select count(*)::int as n from ${schema}.kept`));
    expect(rows).toEqual([{ n: 1 }]);
  });
});
