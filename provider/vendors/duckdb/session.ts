import type { DuckDBValue } from "@duckdb/node-api";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { DataSession } from "../vendor";
import { describeDependents } from "./dependents";
import { duckdbDialect } from "./dialect";
import type { DuckdbTarget } from "./driver";
import { instanceFor } from "./handles";

function asDuckdbValues(parameters: readonly unknown[]): DuckDBValue[] {
  return parameters.map((value) => value as DuckDBValue);
}

export async function openDataSession({ configuration }: DuckdbTarget): Promise<DataSession> {
  const instance = await instanceFor(configuration);
  const connection = await instance.connect();
  return {
    dialect: duckdbDialect,
    execute: async (sql, parameters = []) => {
      const result = await connection.run(sql, parameters.length ? asDuckdbValues(parameters) : undefined);
      return Number(result.rowsChanged ?? 0);
    },
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) => {
      const reader = await connection.runAndReadAll(sql, parameters.length ? asDuckdbValues(parameters) : undefined);
      return reader.getRowObjectsJS() as Row[];
    },
    describe: async (sql, parameters) => {
      const reader = await connection.runAndReadAll(
        `select * from (\n${withoutTrailingSemicolons(sql)}\n) as dataplane_described limit 0`,
        parameters.length ? asDuckdbValues(parameters) : undefined,
      );
      const names = reader.columnNames();
      return { columns: reader.columnTypes().map((type, index) => ({ name: names[index], nativeType: type.toString() })) };
    },
    describeTable: async (table) => {
      const reader = await connection.runAndReadAll(
        `select column_name as name, data_type as native_type from duckdb_columns()
          where database_name = current_database() and schema_name = $1 and table_name = $2 order by column_index`,
        [table.path[table.path.length - 1], table.table],
      );
      const columns = reader.getRowObjectsJS() as Array<{ name: string; native_type: string }>;
      return columns.length === 0 ? undefined : columns.map((row) => ({ name: row.name, nativeType: row.native_type }));
    },
    describeDependents: (table) =>
      describeDependents(async <Row>(sql: string, parameters: unknown[]) => (await connection.runAndReadAll(sql, asDuckdbValues(parameters))).getRowObjectsJS() as Row[], table),
    // An embedded database runs in this process: interrupting the connection stops the query.
    cancel: async () => connection.interrupt(),
    close: async () => connection.closeSync(),
  };
}
