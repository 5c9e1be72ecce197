import type { TableReference } from "../../core/columns";
import { pollUntil } from "../../core/poll";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { DataSession, ResultColumn } from "../../core/vendor-contract";
import { runQuery, rowObjects, TrinoQueryError, type RunningQuery, type TrinoColumn, type TrinoTarget } from "./client";
import { atomicPlan } from "./atomic-plan";
import { trinoDialect } from "./dialect";
import { parameterLiteral, stringLiteral } from "./literals";
import { trinoNativeType } from "./types";

const STATEMENT_NAME = "dataplane_statement";

/**
 * Binds parameters the way Trino's JDBC driver does: the SQL travels unchanged as a
 * prepared statement (X-Trino-Prepared-Statement header) and the query is
 * `EXECUTE name USING <literals>`. The values are rendered as typed literals by
 * parameterLiteral and are never spliced into the user's SQL text, so they cannot change
 * what the statement is; the engine substitutes them after parsing it.
 */
export function preparedRequest(
  sql: string,
  parameters: readonly unknown[],
  wrap: (statement: string) => string = (statement) => statement,
) {
  if (parameters.length === 0) return { sql: wrap(sql), prepared: undefined };
  return {
    sql: wrap(`execute ${STATEMENT_NAME} using ${parameters.map(parameterLiteral).join(", ")}`),
    prepared: { [STATEMENT_NAME]: sql },
  };
}

/** Statements whose result has columns; the rest (DDL, DML) are only validated at preview. */
const QUERY_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(select|with|values|table)\b/i;

/** INSERTs compile (EXPLAIN) on every connector; DELETE, UPDATE and MERGE only where the connector supports them. */
export function isInsert(sql: string): boolean {
  return /^\s*insert\b/i.test(sql);
}

export function isQuery(sql: string): boolean {
  return QUERY_START.test(sql);
}

/**
 * A query's columns as describeTable reports a table's: information_schema writes
 * `decimal(38,2)` where the client protocol writes `decimal(38, 2)`, so a result's columns read
 * the same at preview and after the run.
 */
export function resultColumns(columns: readonly TrinoColumn[]): ResultColumn[] {
  return columns.map((column) => ({ name: column.name, nativeType: column.type.replace(/,\s+/g, ",") }));
}

/** A table's catalog: the path's own, else the connection's. */
export function catalogOf(target: TrinoTarget, table: TableReference): string {
  const catalog = table.path.length >= 2 ? table.path[table.path.length - 2] : target.configuration.catalog;
  if (catalog === undefined)
    throw new Error(`the table "${table.table}" has no catalog: set configuration.catalog or give the path as [catalog, schema]`);
  return catalog;
}

export function schemaOf(target: TrinoTarget, table: TableReference): string {
  const schema = table.path.length >= 1 ? table.path[table.path.length - 1] : target.configuration.schema;
  if (schema === undefined) throw new Error(`the table "${table.table}" has no schema: set configuration.schema or give the path`);
  return schema;
}

export function columnsSql(target: TrinoTarget, table: TableReference): string {
  return `select column_name, data_type, is_nullable from ${trinoDialect.quoteIdentifier(catalogOf(target, table))}.information_schema.columns
    where table_schema = ${stringLiteral(schemaOf(target, table))} and table_name = ${stringLiteral(table.table)}
    order by ordinal_position`;
}

export async function openDataSession(target: TrinoTarget, signal: AbortSignal): Promise<DataSession> {
  // The statement being submitted or running, so cancel can reach it in the coordinator.
  let running: Promise<RunningQuery> | undefined;
  // The same query once submitted, for its statistics (progress() must answer at once).
  let submitted: RunningQuery | undefined;
  const track = (query: Promise<RunningQuery> | undefined): void => {
    running = query;
    submitted = undefined;
    query?.then(
      (started) => {
        if (running === query) submitted = started;
      },
      () => undefined,
    );
  };
  const run = (sql: string, parameters: readonly unknown[] = [], wrap?: (statement: string) => string) => {
    const request = preparedRequest(sql, parameters, wrap);
    return runQuery(target, request.sql, { signal, prepared: request.prepared, track, finishSubmission: true });
  };
  // One round trip proves the coordinator answers before any step runs.
  await runQuery(target, "select 1", { signal });

  const session: DataSession = {
    dialect: trinoDialect,
    execute: async (sql, parameters = []) => {
      const result = await run(sql, parameters);
      return result.updateCount ?? 0;
    },
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) => rowObjects<Row>(await run(sql, parameters)),
    // Compile only: EXPLAIN (TYPE VALIDATE) analyses the statement (names, types, access
    // control) without running it; a query's columns come from a LIMIT 0 wrapper, which the
    // planner answers with an empty result without reading a table.
    describe: async (sql, parameters) => {
      await run(sql, parameters, (statement) => `explain (type validate) ${statement}`);
      if (!isQuery(sql)) return { columns: [] };
      const limited = `select * from (\n${withoutTrailingSemicolons(sql)}\n) limit 0`;
      const result = await run(limited, parameters);
      return { columns: resultColumns(result.columns) };
    },
    describeTable: async (table) => {
      const result = rowObjects<{ column_name: string; data_type: string; is_nullable: string }>(await run(columnsSql(target, table)));
      if (result.length === 0) return undefined;
      return result.map((row) => ({
        name: row.column_name,
        nativeType: row.data_type,
        type: trinoNativeType(row.data_type),
        nullable: row.is_nullable === "YES",
      }));
    },
    // Most Trino connectors write only in autocommit mode, so each statement commits on its
    // own. INSERTs are all compiled first (EXPLAIN (TYPE VALIDATE)): a wrong
    // column or type fails before anything changed. truncateAndLoad and upsert become a MERGE
    // or a rebuild-and-swap (atomic-plan.ts), so a value failing half way changes nothing.
    runAtomically: async (change) => {
      for (const statement of change.statements.filter(isInsert)) await run(`explain (type validate) ${statement}`);
      const plan = atomicPlan(change);
      if (plan.merge !== undefined) {
        try {
          await run(plan.merge);
          return;
        } catch (error) {
          if (!(error instanceof TrinoQueryError && error.errorName === "NOT_SUPPORTED")) throw error;
        }
      }
      try {
        for (const statement of plan.build) await run(statement);
      } catch (error) {
        for (const statement of plan.cleanup) await run(statement).catch(() => undefined);
        throw error;
      }
      for (const statement of plan.swap) await run(statement);
    },
    // The coordinator's counts, refreshed with each page the session fetches. Its percentage
    // counts finished splits (0 until the end for a memory table's few splits): given only
    // once it moved, the rows processed always.
    progress: () => {
      const stats = submitted?.stats;
      if (stats?.processedRows === undefined) return undefined;
      const moved = stats.progressPercentage !== undefined && stats.progressPercentage > 0;
      return { processedRows: stats.processedRows, ...(moved ? { percentage: stats.progressPercentage } : {}) };
    },
    // DELETE on the query's nextUri: the coordinator kills the query; its state in
    // system.runtime.queries then shows it ended.
    cancel: async () => {
      const query = await running?.catch(() => undefined);
      if (!query) return;
      await query.cancel();
      await pollUntil(async () => {
        const result = await runQuery(target, `select state from system.runtime.queries where query_id = ${stringLiteral(query.id)}`, {
          signal: AbortSignal.timeout(5_000),
        });
        const state = result.rows[0]?.[0];
        return state === undefined || state === "FINISHED" || state === "FAILED";
      }, `the query ${query.id} still runs in the coordinator`);
    },
    close: async () => {
      await (await running?.catch(() => undefined))?.cancel();
    },
  };
  return session;
}
