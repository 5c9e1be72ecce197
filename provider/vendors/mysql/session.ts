import type { Connection } from "mysql2/promise";
import { pollUntil } from "../../core/poll";
import type { DataSession } from "../../core/vendor-contract";
import { describeDependents } from "./dependents";
import { mysqlDialect } from "./dialect";
import { connect, STRICT_SQL_MODE, type MysqlTarget } from "./connection";
import { nativeTypeName, type FieldDefinition } from "./result-types";
import { describeTableColumns } from "./table-columns";

/** Job statements see times in UTC and fail on values their column cannot hold. */
const SESSION_SETTINGS = `set time_zone = '+00:00', ${STRICT_SQL_MODE}`;

/** A data session's connection: Date parameters are sent as UTC, one statement per call. */
async function connectForData(target: MysqlTarget, signal: AbortSignal): Promise<Connection> {
  const connection = await connect(target, signal, { settings: SESSION_SETTINGS, driver: { timezone: "Z", multipleStatements: false } });
  return connection.promise();
}

/**
 * What a cancel stops: the running statement (the session stays usable), or the whole
 * connection, so that no statement already on its way (sent as the deadline passed, and read
 * by the server after the KILL) can run after the cancel was confirmed.
 */
export type KillScope = "query" | "connection";

/**
 * KILL from a second connection stops thread `threadId` in the server; the processlist then
 * shows the thread gone, or without a statement when only its statement was killed.
 */
export async function killThread(target: MysqlTarget, threadId: number, scope: KillScope): Promise<void> {
  const killer = (await connect(target, undefined)).promise();
  try {
    try {
      await killer.query(`kill ${scope} ${Number(threadId)}`);
    } catch (error) {
      // The thread already ended (its socket was closed on abort): nothing runs any more.
      if ((error as { code?: string }).code === "ER_NO_SUCH_THREAD") return;
      throw error;
    }
    await pollUntil(
      async () => {
        const [rows] = await killer.query("select command, info from information_schema.processlist where id = ?", [threadId]);
        const found = rows as Array<{ command: string; info: string | null }>;
        // KILL QUERY on a thread whose statement just ended leaves it idle but shown as
        // "Killed" (no statement text) until its next statement: nothing runs there either.
        return found.length === 0 || (scope === "query" && (found[0].command === "Sleep" || found[0].info === null));
      },
      `the statement still runs in the processlist (thread ${Number(threadId)})`,
    );
  } finally {
    await killer.end().catch(() => undefined);
  }
}

export async function openDataSession(target: MysqlTarget, signal: AbortSignal): Promise<DataSession> {
  const connection = await connectForData(target, signal);
  const threadId = connection.threadId;
  const query = async <Row>(sql: string, parameters: unknown[]) => (await connection.query(sql, parameters))[0] as Row[];
  return {
    dialect: mysqlDialect,
    // With parameters, a server-side prepared statement: values never enter the SQL text, so
    // no client-side escaping (and no sql_mode such as NO_BACKSLASH_ESCAPES) is relied on.
    execute: async (sql, parameters = []) => {
      const [result] = parameters.length > 0 ? await connection.execute(sql, [...parameters] as never) : await connection.query(sql);
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) => {
      const [rows] = parameters.length > 0 ? await connection.execute(sql, [...parameters] as never) : await connection.query(sql);
      return rows as Row[];
    },
    // A prepared statement compiles the query and reports its columns without running it;
    // some statement kinds (many DDL forms) cannot be prepared and are judged when the job runs.
    describe: async (sql) => {
      let prepared: Awaited<ReturnType<typeof connection.prepare>>;
      try {
        prepared = await connection.prepare(sql);
      } catch (error) {
        if ((error as { code?: string }).code === "ER_UNSUPPORTED_PS") return undefined;
        throw error;
      }
      try {
        const columns = (prepared as unknown as { statement: { columns: Array<FieldDefinition & { name: string }> } }).statement.columns;
        return { columns: columns.map((field) => ({ name: field.name, nativeType: nativeTypeName(field) })) };
      } finally {
        prepared.close();
      }
    },
    describeTable: (table) => describeTableColumns(query, table),
    describeDependents: (table) => describeDependents(query, table),
    cancel: () => killThread(target, threadId, "query"),
    close: () => connection.end().catch(() => undefined),
  };
}
