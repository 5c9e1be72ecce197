import { randomBytes } from "node:crypto";
import { uniqueName, withMysql, withPostgres } from "../../support/admin";
import { mysql, postgres } from "../../support/services";

export { uniqueName, withMysql, withPostgres };

/** A fresh login role (Postgres) and user (MariaDB) per test, so tests can revoke or rotate freely. */
export interface TestLogin {
  user: string;
  password: string;
}

export async function createPostgresLogin(database = postgres.database): Promise<TestLogin> {
  const login = { user: uniqueName("e2e_role"), password: `pw-${randomBytes(9).toString("hex")}` };
  await withPostgres(async (client) => {
    await client.query(`create role ${login.user} login password '${login.password}'`);
  });
  await withPostgres(async (client) => {
    await client.query(`grant create, usage on schema public to ${login.user}`);
  }, database);
  return login;
}

/**
 * A database of the test's own: Postgres counts sessions per database, so other test files
 * running at the same time do not move its counter.
 */
export async function createPostgresDatabase(): Promise<string> {
  const database = uniqueName("e2e_db");
  await withPostgres((client) => client.query(`create database ${database}`));
  return database;
}

export async function dropPostgresDatabase(database: string): Promise<void> {
  await withPostgres((client) => client.query(`drop database if exists ${database} with (force)`));
}

export async function createMysqlLogin(): Promise<TestLogin> {
  const login = { user: uniqueName("e2e_user"), password: `pw-${randomBytes(9).toString("hex")}` };
  await withMysql(async (connection) => {
    for (const host of ["%", "localhost"]) {
      await connection.query(`create user '${login.user}'@'${host}' identified by '${login.password}'`);
      await connection.query(`grant all privileges on \`${mysql.database}\`.* to '${login.user}'@'${host}'`);
    }
  });
  return login;
}

export async function dropPostgresLogin(login: TestLogin): Promise<void> {
  await withPostgres(async (client) => {
    await client.query(`drop owned by ${login.user}`);
    await client.query(`drop role if exists ${login.user}`);
  });
}

export async function dropMysqlLogin(login: TestLogin): Promise<void> {
  await withMysql(async (connection) => {
    for (const host of ["%", "localhost"]) await connection.query(`drop user if exists '${login.user}'@'${host}'`);
  });
}

/**
 * Sessions ever established to the Postgres test database, by the server's own statistics.
 * Statistics reach shared memory lazily, so the reading session flushes and waits first.
 */
export async function postgresSessionCount(database: string): Promise<number> {
  await withPostgres(async (client) => {
    await client.query("select pg_stat_force_next_flush()");
  }, database);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return withPostgres(async (client) => {
    await client.query("select pg_stat_clear_snapshot()");
    const result = await client.query<{ sessions: string }>("select sessions from pg_stat_database where datname = current_database()");
    return Number(result.rows[0].sessions);
  }, database);
}

/**
 * Connections ever made by one user, by MariaDB's own user statistics (switched on here:
 * the global counter also moves with other test files running at the same time).
 */
export async function mysqlConnectionCount(user: string): Promise<number> {
  return withMysql(async (connection) => {
    await connection.query("set global userstat = 1");
    const [rows] = await connection.query("select total_connections from information_schema.user_statistics where user = ?", [user]);
    return Number((rows as Array<{ total_connections: number }>)[0]?.total_connections ?? 0);
  });
}
