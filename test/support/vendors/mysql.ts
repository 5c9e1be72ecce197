import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { uniqueName, withMysql } from "../admin";
import { FULL_TABLE } from "../atomic-tables";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import { mysql } from "../services";
import { mysqlEndpoint } from "../../integration/transfer-fixtures";
import type { AtomicTarget, ConnectionReference, LeastPrivilegedUser, PreviewTarget, VendorFixture } from "./fixture";

/** MySQL, as the MariaDB server scripts/setup.sh starts; its one test database is shared by every test. */
const backquote = (name: string): string => `\`${name.replace(/`/g, "``")}\``;

function connection(connectionId: string): ConnectionReference {
  return {
    connectionId,
    type: "mysql",
    configuration: { host: mysql.host, port: mysql.port, database: mysql.database, user: mysql.user },
    credentials: { password: mysql.password },
  };
}

async function previewTarget(): Promise<PreviewTarget> {
  // The test database is shared by every test: names carry a unique prefix instead of a schema of their own.
  const prefix = uniqueName("promise_mysql");
  const database = mysql.database;
  const folder = openFolder("preview-promise-mysql");
  await withMysql(async (session) => {
    await session.query(`create table ${database}.${prefix}_ledger (x integer primary key, note text)`);
    await session.query(`insert into ${database}.${prefix}_ledger values ${LEDGER_ROWS}`);
    await session.query(`create table ${database}.${prefix}_victim as select x from ${database}.${prefix}_ledger where x <= 5`);
    await session.query(`create procedure ${database}.${prefix}_wipe() begin delete from ${database}.${prefix}_ledger; commit; end`);
  });
  return {
    connection: connection("maria"),
    outputPath: [database],
    ledger: `${database}.${prefix}_ledger`,
    victim: `${database}.${prefix}_victim`,
    schema: database,
    newSchema: `${prefix}_new`,
    newTable: `${database}.${prefix}_created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "call_commit", sql: `call ${database}.${prefix}_wipe()` },
      { name: "into_outfile", sql: `select * from ${database}.${prefix}_ledger into outfile '${folder}/outfile.txt'` },
      { name: "lock_tables", sql: `lock tables ${database}.${prefix}_ledger write` },
      { name: "rename_table", sql: `rename table ${database}.${prefix}_ledger to ${database}.${prefix}_renamed` },
    ],
    snapshot: () =>
      withMysql(async (session) => {
        const [tables] = await session.query(
          "select table_name as name from information_schema.tables where table_schema = ? and table_name like ? order by 1",
          [database, `${prefix}%`],
        );
        const rows: Record<string, string> = {};
        for (const { name } of tables as Array<{ name: string }>) {
          rows[name] = checksum((await session.query(`select * from ${database}.\`${name}\``))[0] as Array<Record<string, unknown>>);
        }
        const [schemas] = await session.query("select schema_name as name from information_schema.schemata where schema_name like ?", [
          `${prefix}%`,
        ]);
        return { tables: rows, schemas: (schemas as Array<{ name: string }>).map((row) => row.name), files: listFiles(folder) };
      }),
    close: async () => {
      await withMysql(async (session) => {
        for (const suffix of ["ledger", "victim", "created", "renamed"])
          await session.query(`drop table if exists ${database}.${prefix}_${suffix}`);
        await session.query(`drop procedure if exists ${database}.${prefix}_wipe`);
        await session.query(`drop database if exists ${prefix}_new`);
      });
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function settled(table: string): Promise<boolean> {
  return withMysql(async (session) => {
    const [rows] = await session.query(
      `select id from information_schema.processlist where command <> 'Sleep' and id <> connection_id() and locate(?, coalesce(info, '')) > 0`,
      [table],
    );
    return (rows as unknown[]).length === 0;
  });
}

async function killLoad(table: string): Promise<boolean> {
  return withMysql(async (session) => {
    const [rows] = await session.query(
      `select id from information_schema.processlist where info like 'LOAD DATA%' and locate(?, info) > 0`,
      [table],
    );
    for (const row of rows as Array<{ id: number }>) await session.query(`kill ${Number(row.id)}`);
    return (rows as unknown[]).length > 0;
  });
}

function atomicTarget(): AtomicTarget {
  return {
    start: async () => undefined,
    stop: async () => undefined,
    connection: () => connection("maria-target"),
    path: () => [mysql.database],
    createTableSql: (qualified, q) => FULL_TABLE(qualified, q, " engine=InnoDB"),
    excludedFaults: {},
    // scripts/services/trino.sh: the catalog on the suite's MariaDB.
    engineCatalog: "mysql",
    excludedActions: {},
    killLoad,
    settled,
    killRows: 200_000,
    providerKillTrials: 2,
  };
}

async function leastPrivilegedUser(): Promise<LeastPrivilegedUser> {
  const schema = uniqueName("least");
  const user = uniqueName("least_user");
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const admin = (sql: string) => withMysql(async (connection) => (await connection.query(sql))[0] as Array<Record<string, unknown>>);
  await admin(`create database ${schema}`);
  for (const host of ["%", "localhost"]) {
    await admin(`create user '${user}'@'${host}' identified by '${password}'`);
    // On the one database only; no global privileges.
    await admin(`grant select, insert, delete, create, drop, alter on \`${schema}\`.* to '${user}'@'${host}'`);
  }
  return {
    admin,
    schema,
    connection: {
      connectionId: "maria-least",
      type: "mysql",
      configuration: { host: mysql.host, port: mysql.port, database: schema, user },
      credentials: { password },
    },
    qualified: (table) => `${schema}.${table}`,
    // The database-wide grants above already hold what each action needs on any table in it.
    tableGrants: { load: "insert", truncateAndLoad: "insert, delete", upsert: "select, insert, delete" },
    grantOnTable: () => "select 1",
    drop: async () => {
      await admin(`drop database ${schema}`);
      for (const host of ["%", "localhost"]) await admin(`drop user '${user}'@'${host}'`);
    },
  };
}

export const fixture: VendorFixture = {
  type: "mysql",
  // CHAR(36): any short text is one too, so it reads back as text. No zoned timestamp with a
  // useful range: DATETIME(6) holds the UTC wall clock.
  typeReadBack: { uuid: { kind: "text" }, timestamptz: { kind: "timestamp" } },
  sample: { configuration: { host: "127.0.0.1", port: 1, database: "shop", user: "app" }, credentials: { password: "pw" } },
  placeEngineCatalog: "mysql",
  place: async () => ({
    connection: connection("maria"),
    path: [mysql.database],
    quote: backquote,
    qualified: (table) => `\`${mysql.database}\`.${backquote(table)}`,
    admin: (sql) => withMysql(async (session) => (await session.query(sql))[0] as Array<Record<string, unknown>>),
    informationSchema: "information_schema",
    textType: "varchar(40)",
    close: async () => undefined,
  }),
  previewTarget,
  atomicTarget,
  cancellation: {
    start: async () => ({
      connection: connection("maria"),
      slowQuery: (marker) => `select sleep(30) as ${marker}`,
      running: (marker) =>
        withMysql(async (session) => {
          const [rows] = await session.query(
            "select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()",
            [`%${marker}%`],
          );
          return Number((rows as Array<{ n: number }>)[0].n);
        }),
      listsStatements: true,
      publishPath: [mysql.database],
      tablesLike: (prefix) =>
        withMysql(async (session) => {
          const [rows] = await session.query(
            "select table_name as name from information_schema.tables where table_schema = ? and table_name like ?",
            [mysql.database, `${prefix}%`],
          );
          return (rows as Array<{ name: string }>).map((row) => row.name);
        }),
      close: async () => undefined,
    }),
  },
  pushdown: {
    connection: () => connection("maria"),
    schema: mysql.database,
    jobSchema: mysql.database,
    admin: (_connection, sql) => withMysql(async (session) => (await session.query(sql))[0] as Array<Record<string, unknown>>),
    tableExistsSql: (schema, table) =>
      `select 1 from information_schema.tables where table_schema = '${schema}' and table_name = '${table}'`,
    // Backslashes escape in MySQL's string literals.
    textLiteral: (text) => `'${text.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`,
    nullText: "cast(null as char(20))",
    integerCast: (expression) => `cast(${expression} as signed)`,
    typedSelect: {
      sql: "select cast(1 as signed) as id, 'x' as label, cast(2.5 as decimal(10,2)) as amount, date '2026-01-02' as day",
      nativeTypes: ["int", "varchar", "decimal(10,2)", "date"],
    },
    reader: {
      create: (name) => [`create user '${name}'@'localhost'`],
      grant: (name, table) => `grant select on ${table} to '${name}'@'localhost'`,
      holds: (name, schema, table) =>
        `select 1 from information_schema.table_privileges where grantee = '''${name}''@''localhost''' and table_schema = '${schema}' and table_name = '${table}' and privilege_type = 'SELECT'`,
      drop: (name) => [`drop user '${name}'@'localhost'`],
      label: (name) => `'${name}'@'localhost': SELECT`,
      afterReplace: "kept (they follow the table's name)",
    },
    // No arrays in MySQL: no arrayLiteral.
  },
  // MariaDB has one test database: source and destination share it.
  transfer: { endpoint: () => mysqlEndpoint() },
  warehouse: {
    excluded: "not a warehouse peer: its transfers with each warehouse run in that warehouse's own round trip (its transfer profile)",
  },
  leastPrivilege: { start: leastPrivilegedUser },
  isolation: {
    connection: (prefix) => connection(`${prefix}-maria`),
    numbersSql: (first, count) => `select seq as id, concat('row-', seq) as label from seq_${first}_to_${first + count - 1}`,
    tablesSql: (path) => `select table_name as table_name from information_schema.tables where table_schema = '${path[path.length - 1]}'`,
    quote: backquote,
  },
};
