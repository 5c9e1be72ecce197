import type { DuckDBConnection } from "@duckdb/node-api";
import { isDataplaneError, type FailureKind } from "../../core/failures";
import type { RequiredPrivilege, SessionOptions, VendorSession } from "../../core/vendor-contract";
import { connectEngine } from "./connection";
import type { EngineTarget } from "./handles";

const TABLES_SQL = `select schema_name as schema, table_name as name from duckdb_tables()
    where database_name = current_database() and not internal
  union all
  select schema_name, view_name from duckdb_views()
    where database_name = current_database() and not internal`;

async function rows(connection: DuckDBConnection, sql: string, values?: string[]): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

async function hasPrivilege(connection: DuckDBConnection, readOnly: boolean, required: RequiredPrivilege): Promise<boolean> {
  // The engine's database has no users here: what it allows is whether the object exists and it was opened for writing.
  if (required.privilege === "createTable") {
    const found = await rows(connection, "select 1 from duckdb_schemas() where database_name = current_database() and schema_name = $1", [
      required.schema,
    ]);
    return !readOnly && found.length > 0;
  }
  const [schema, table] = required.table.includes(".") ? required.table.split(".", 2) : ["main", required.table];
  const found = await rows(
    connection,
    "select 1 from duckdb_tables() where database_name = current_database() and schema_name = $1 and table_name = $2",
    [schema, table],
  );
  return found.length > 0 && (required.privilege === "select" || !readOnly);
}

export async function openSession(engine: EngineTarget, options: SessionOptions = {}): Promise<VendorSession> {
  const { connection, notice, close } = await connectEngine(engine, { preview: options.preview });
  try {
    const [{ version }] = await rows(connection, "select version() as version");
    return {
      serverVersion: `DuckDB ${String(version)}`,
      ...(notice ? { notice } : {}),
      listTables: async () => (await rows(connection, TABLES_SQL)) as Array<{ schema: string; name: string }>,
      hasPrivilege: (required) => hasPrivilege(connection, engine.readOnly, required),
      canPersist: async () => !engine.readOnly,
      close: async () => close(),
    };
  } catch (error) {
    close();
    throw error;
  }
}

export function classifyDuckdbError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const message = error instanceof Error ? error.message : String(error);
  // A table, schema or attached catalog the SQL names (a missing database file is below); a
  // "Table Function with name … does not exist" is a misspelled function, not a missing table.
  if (/(Catalog|Binder) Error: (Table|Schema|View|Catalog)\b(?! Function)[^\n]*does not exist/i.test(message)) return "tableMissing";
  // Any other name the SQL misspells (a scalar function, a type): the SQL's error, not the database file's.
  if (/(Catalog|Binder|Parser) Error:/i.test(message)) return "unknown";
  if (/Cannot open (database|file)|No such file|does not exist/i.test(message)) return "databaseMissing";
  if (/lock/i.test(message)) return "unreachable";
  if (/read-only|permission denied/i.test(message)) return "privilegeMissing";
  return "unknown";
}
