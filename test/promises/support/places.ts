import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VendorType } from "../../../provider/vendors/registry";
import { connectionReferences, uniqueName, withMysql, withPostgres } from "../../support/admin";
import { startBigqueryEmulator } from "../../support/bigquery-emulator";
import { adminClient, createDataset, query as bigqueryQuery } from "../../support/bigquery-admin";
import { mysql } from "../../support/services";
import { startFakeSnowflake } from "../../support/snowflake-server";
import { trinoConnection } from "../../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../../support/trino-server";
import { openDataSessionFor } from "../../support/data-session";

/**
 * One database of each vendor as a promise test reaches it: the connection the resources
 * receive, the schema path tables go in, and plain SQL as an administrator (never through the
 * code under test, except DuckDB, whose file only one handle per process may open).
 */
export interface Place {
  connection: Record<string, unknown>;
  path: string[];
  /** The quoted, qualified name of a table in `path`, for the administrator's SQL. */
  qualified(table: string): string;
  quote(name: string): string;
  admin(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The information schema holding `columns` for `path` (qualified where the catalog must be named). */
  informationSchema: string;
  /** Text and integer types for a table the administrator creates. */
  textType: string;
  integerType?: string;
  /** Column names where the information schema cannot tell them (the BigQuery emulator has none). */
  columnNames?(table: string): Promise<string[]>;
  close(): Promise<void>;
}

const doubleQuote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function postgresPlace(type: "postgres" | "redshift"): Place {
  const connection = { ...connectionReferences("/nonexistent.duckdb").postgres, type };
  return {
    connection,
    path: ["public"],
    quote: doubleQuote,
    qualified: (table) => `public.${doubleQuote(table)}`,
    admin: (sql) => withPostgres(async (client) => (await client.query(sql)).rows),
    informationSchema: "information_schema",
    textType: "varchar(40)",
    close: async () => undefined,
  };
}

/** How to reach each vendor, or why a promise test cannot (stated, never skipped silently). */
export const PLACES: Record<VendorType, () => Promise<Place>> = {
  postgres: async () => postgresPlace("postgres"),
  // Redshift is reached through the Postgres protocol: the suite's Postgres stands in for it.
  redshift: async () => postgresPlace("redshift"),
  mysql: async () => ({
    connection: connectionReferences("/nonexistent.duckdb").mysql,
    path: [mysql.database],
    quote: (name) => `\`${name}\``,
    qualified: (table) => `\`${mysql.database}\`.\`${table}\``,
    admin: (sql) => withMysql(async (connection) => (await connection.query(sql))[0] as Array<Record<string, unknown>>),
    informationSchema: "information_schema",
    textType: "varchar(40)",
    close: async () => undefined,
  }),
  duckdb: async () => {
    const scratch = mkdtempSync(join(tmpdir(), "promise-duckdb-"));
    const connection = connectionReferences(join(scratch, "promise.duckdb")).duckdb;
    return {
      connection,
      path: ["main"],
      quote: doubleQuote,
      qualified: (table) => `main.${doubleQuote(table)}`,
      admin: async (sql) => {
        const session = await openDataSessionFor(connection);
        try {
          return await session.rows(sql);
        } finally {
          await session.close();
        }
      },
      informationSchema: "information_schema",
      textType: "varchar",
      close: async () => rmSync(scratch, { recursive: true, force: true }),
    };
  },
  snowflake: async () => {
    const server = await startFakeSnowflake(uniqueName("PROMISE").toUpperCase());
    return {
      connection: { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } },
      path: ["PUBLIC"],
      quote: doubleQuote,
      qualified: (table) => `PUBLIC.${doubleQuote(table)}`,
      admin: (sql) => server.admin((client) => client.query(sql)) as Promise<Array<Record<string, unknown>>>,
      informationSchema: "information_schema",
      textType: "varchar",
      close: () => server.close(),
    };
  },
  bigquery: async () => {
    const emulator = await startBigqueryEmulator();
    await createDataset(emulator, "dataplane");
    return {
      connection: { connectionId: "bq", type: "bigquery", configuration: emulator.configuration(), credentials: {} },
      path: ["dataplane"],
      quote: (name) => `\`${name}\``,
      qualified: (table) => `dataplane.\`${table}\``,
      admin: (sql) => bigqueryQuery(emulator, sql),
      informationSchema: "dataplane.INFORMATION_SCHEMA",
      textType: "string",
      integerType: "int64",
      columnNames: async (table) => {
        const [metadata] = await adminClient(emulator).dataset("dataplane").table(table).getMetadata();
        return (metadata.schema.fields as Array<{ name: string }>).map((field) => field.name).sort();
      },
      close: () => emulator.stop(),
    };
  },
  trino: async () => {
    await ensureTrino();
    const schema = uniqueName("promise");
    await trinoAdmin(`create schema memory.${schema}`);
    return {
      connection: trinoConnection(schema),
      path: ["memory", schema],
      quote: doubleQuote,
      qualified: (table) => `memory.${schema}.${doubleQuote(table)}`,
      admin: (sql) => trinoAdmin(sql),
      informationSchema: "memory.information_schema",
      textType: "varchar",
      close: async () => {
        for (const row of await trinoAdmin<{ table_name: string }>(`select table_name from memory.information_schema.tables where table_schema = '${schema}'`)) {
          await trinoAdmin(`drop table memory.${schema}.${doubleQuote(row.table_name)}`);
        }
        await trinoAdmin(`drop schema memory.${schema}`);
      },
    };
  },
};

/** md5 over every (id, label) row in id order: equal checksums mean equal tables, not only equal counts. */
export async function checksum(place: Place, table: string): Promise<string> {
  const rows = await place.admin(`select ${place.quote("id")} as id, ${place.quote("label")} as label from ${place.qualified(table)} order by 1`);
  const text = rows.map((row) => `${Number(String(row.id))}\t${row.label === null || row.label === undefined ? "\\N" : String(row.label)}`).join("\n");
  return `${rows.length}:${createHash("md5").update(text).digest("hex")}`;
}

/** A table's column names, from the database's information schema. */
export async function columnNames(place: Place, table: string): Promise<string[]> {
  if (place.columnNames) return place.columnNames(table);
  const rows = await place.admin(
    `select column_name as ${place.quote("name")} from ${place.informationSchema}.columns where table_schema = '${place.path[place.path.length - 1]}' and table_name = '${table}'`,
  );
  return rows.map((row) => String(row.name)).sort();
}
