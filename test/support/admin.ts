import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { createConnection } from "mysql2/promise";
import { mysql, postgres } from "./services";

/**
 * Plain driver sessions as the services' administrator, for arranging and reading test data
 * independently of the code under test.
 */
export async function withPostgres<T>(work: (client: Client) => Promise<T>, database = postgres.database): Promise<T> {
  const client = new Client({ ...postgres, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function withMysql<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ ...mysql });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

/** Connections as jobs and publications receive them from the sdk, one per vendor under test. */
export function connectionReferences(duckdbFile: string) {
  return {
    postgres: {
      connectionId: "pg",
      type: "postgres",
      configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
      credentials: { password: postgres.password },
    },
    mysql: {
      connectionId: "maria",
      type: "mysql",
      configuration: { host: mysql.host, port: mysql.port, database: mysql.database, user: mysql.user },
      credentials: { password: mysql.password },
    },
    duckdb: { connectionId: "duck", type: "duckdb", configuration: { path: duckdbFile }, credentials: {} },
  } satisfies Record<string, Record<string, unknown>>;
}
