/**
 * What Redshift publication tests share: a Postgres source, a Redshift connection as a user
 * writes one (the Redshift proxy and the S3 emulator the vitest global setup started), the
 * publication inputs the sdk would send, and a checksum over a table's rows.
 */
import { withPostgres } from "../support/admin";
import { redshiftCredentials, redshiftServices, s3Staging } from "../support/redshift-services";
import { postgres } from "../support/services";

export const postgresSource = {
  connectionId: "hostile-pg",
  type: "postgres",
  configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
  credentials: { password: postgres.password },
};

/** A Redshift connection staging its loads under `prefix` in the emulator's bucket. */
export function redshiftConnection(prefix: string): Record<string, unknown> {
  const { proxyPort, s3Endpoint } = redshiftServices();
  return {
    connectionId: "hostile-rs",
    type: "redshift",
    configuration: {
      host: postgres.host,
      port: proxyPort,
      database: postgres.database,
      user: postgres.user,
      s3: s3Staging(s3Endpoint, prefix),
    },
    credentials: redshiftCredentials(),
  };
}

export interface PublicationTarget {
  connection: Record<string, unknown>;
  schema: string;
  table: string;
}

/** Publication inputs as the sdk sends them: `source` is a job result table in `sourcePath`. */
export function publicationInputs(
  source: { connection: Record<string, unknown>; path: string[]; table: string; columns?: Array<{ name: string; nativeType: string }> },
  target: PublicationTarget,
  action: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    resourceName: `hostile-${target.table}`,
    pulumiStack: { project: "hostile", stack: "redshift" },
    source: {
      jobGroupId: "job",
      runId: "run-1",
      connection: source.connection,
      result: { path: source.path, table: source.table, ...(source.columns ? { columns: source.columns } : {}) },
    },
    connection: target.connection,
    path: [target.schema],
    table: target.table,
    action,
    timeoutSeconds: 300,
    ...extra,
  };
}

export const admin = (sql: string) => withPostgres(async (client) => (await client.query(sql)).rows);

/** Row count and md5 over every row's text in `order` order: equal checksums, equal rows. */
export async function checksum(sql: string, order = "1"): Promise<{ count: number; md5: string }> {
  const [row] = await admin(
    `select count(*)::int as count, md5(coalesce(string_agg(r::text, '|' order by ${order}), '')) as md5 from (${sql}) r`,
  );
  return { count: row.count as number, md5: row.md5 as string };
}
