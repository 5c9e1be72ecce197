import type { StatementType, DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from "@duckdb/node-api";
import { leadingWords } from "../../core/sql-statements";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { TableReference } from "../../core/columns";
import type { DataSession, ResultColumn, SessionOptions } from "../../core/vendor-contract";
import { describeDependents } from "./dependents";
import { duckdbDialect } from "./dialect";
import { connectEngine } from "./connection";
import type { EngineTarget } from "./handles";
import { duckdbColumnType } from "./types";

function asDuckdbValues(parameters: readonly unknown[]): DuckDBValue[] {
  return parameters.map((value) => value as DuckDBValue);
}

/**
 * Statement kinds whose effects all stay inside the transaction, so preview may run them and
 * roll them back. COPY, EXPORT, ATTACH, DETACH, PRAGMA, SET, LOAD/INSTALL, CALL (CHECKPOINT),
 * VACUUM, EXPLAIN, PREPARE/EXECUTE and the rest are only compiled.
 */
function transactionalKinds(types: typeof StatementType): ReadonlySet<StatementType> {
  return new Set([
    types.SELECT,
    types.INSERT,
    types.UPDATE,
    types.DELETE,
    types.MERGE_INTO,
    types.CREATE,
    types.CREATE_FUNC,
    types.DROP,
    types.ALTER,
  ]);
}

/**
 * Statements that act while merely being prepared (EXPORT DATABASE creates its folder), or
 * whose CREATE writes outside the database (a persistent secret is a file in the home folder):
 * preview leaves them to the job without preparing them.
 */
function actsWhenPrepared(sql: string): boolean {
  const words = leadingWords(sql, duckdbDialect.placeholders, 5);
  return words[0] === "export" || (words[0] === "create" && words.includes("secret"));
}

/**
 * One statement, prepared. DuckDB would run every statement of a text (`…; commit`), so
 * a text holding more than one (COPY FROM DATABASE expands into several) is refused.
 */
async function prepareOne(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const extracted = await connection.extractStatements(sql);
  if (extracted.count !== 1) {
    throw new Error(`DuckDB reads ${extracted.count} statements here, and a step runs exactly one: split it into one step per statement`);
  }
  return extracted.prepare(0);
}

async function withPrepared<T>(
  connection: DuckDBConnection,
  sql: string,
  parameters: readonly unknown[],
  work: (prepared: DuckDBPreparedStatement) => Promise<T>,
): Promise<T> {
  const prepared = await prepareOne(connection, sql);
  try {
    if (parameters.length > 0) prepared.bind(asDuckdbValues(parameters));
    return await work(prepared);
  } finally {
    prepared.destroySync();
  }
}

/** A table's columns in the connection's database, or in the catalog the path names before the schema. */
const TABLE_COLUMNS_SQL = `select column_name as name, data_type as native_type, is_nullable as nullable from duckdb_columns()
  where database_name = coalesce($1, current_database()) and schema_name = $2 and table_name = $3
  order by column_index`;

/** The one description of a DuckDB table (preview, up, transfers and refresh all read it); undefined when it does not exist. */
async function describeTable(connection: DuckDBConnection, table: TableReference): Promise<ResultColumn[] | undefined> {
  const catalog = table.path.length > 1 ? table.path[table.path.length - 2] : null;
  const schema = table.path.length > 0 ? table.path[table.path.length - 1] : "main";
  const reader = await connection.runAndReadAll(TABLE_COLUMNS_SQL, [catalog, schema, table.table]);
  const columns = reader.getRowObjectsJS() as Array<{ name: string; native_type: string; nullable: boolean }>;
  if (columns.length === 0) return undefined;
  return columns.map((row) => ({
    name: row.name,
    nativeType: row.native_type,
    type: duckdbColumnType(row.native_type),
    nullable: row.nullable,
  }));
}

export async function openDataSession(engine: EngineTarget, options: SessionOptions = {}): Promise<DataSession> {
  const { connection, notice, close } = await connectEngine(engine, { preview: options.preview });
  // The engine keeps a statement's progress only with its progress bar on; nothing is printed.
  await connection.run("set enable_progress_bar = true");
  await connection.run("set enable_progress_bar_print = false");
  // The statement in flight, so a cancel can wait for it to return.
  let running: Promise<unknown> = Promise.resolve();
  const track = <T>(statement: Promise<T>): Promise<T> => {
    running = statement.catch(() => undefined);
    return statement;
  };
  // The driver loads with the first session, like the instance itself (handles.ts).
  const transactional = transactionalKinds((await import("@duckdb/node-api")).StatementType);
  return {
    dialect: duckdbDialect,
    ...(notice ? { notice } : {}),
    execute: (sql, parameters = []) =>
      track(withPrepared(connection, sql, parameters, async (prepared) => Number((await prepared.run()).rowsChanged ?? 0))),
    rows: <Row>(sql: string, parameters: readonly unknown[] = []) =>
      track(withPrepared(connection, sql, parameters, async (prepared) => (await prepared.runAndReadAll()).getRowObjectsJS() as Row[])),
    rehearse: async (sql, parameters) => {
      if (actsWhenPrepared(sql)) return "notRun";
      return track(
        withPrepared(connection, sql, parameters, async (prepared) => {
          if (!transactional.has(prepared.statementType)) return "notRun" as const;
          await prepared.run();
          return "ran" as const;
        }),
      );
    },
    describe: async (sql, parameters) => {
      const reader = await track(
        withPrepared(
          connection,
          `select * from (\n${withoutTrailingSemicolons(sql)}\n) as dataplane_described limit 0`,
          parameters,
          (prepared) => prepared.runAndReadAll(),
        ),
      );
      const names = reader.columnNames();
      // JSON is an alias of VARCHAR to the engine: the alias is the type the table gets.
      return { columns: reader.columnTypes().map((type, index) => ({ name: names[index], nativeType: type.alias ?? type.toString() })) };
    },
    describeTable: (table) => describeTable(connection, table),
    describeDependents: (table) =>
      describeDependents(
        async <Row>(sql: string, parameters: unknown[]) =>
          (await connection.runAndReadAll(sql, asDuckdbValues(parameters))).getRowObjectsJS() as Row[],
        table,
      ),
    // DuckDB's own progress: -1 while no statement runs (or it cannot tell); its row count is of
    // the rows its pipelines processed.
    progress: () => {
      const { percentage, rows_processed: processed } = connection.progress;
      return percentage >= 0 ? { percentage, processedRows: Number(processed) } : undefined;
    },
    // An embedded database runs in this process: interrupting the connection stops the query,
    // and the statement's promise settling proves it no longer runs.
    cancel: async () => {
      connection.interrupt();
      await running;
    },
    close: async () => close(),
  };
}
