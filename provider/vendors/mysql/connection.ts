import type { Connection, ConnectionOptions } from "mysql2";
import { abortReason, onAbort } from "../../core/deadline";
import type { PasswordCredentials } from "../../core/configuration-fields";
import type { ConnectionTarget } from "../../core/vendor-contract";
import type { MysqlConfiguration } from "./config";

/**
 * The one way this vendor opens a connection: connection tests, data sessions, KILL QUERY and
 * bulk transfers all take their connection from `connect`, so socket and abort handling live here.
 */
export type MysqlTarget = ConnectionTarget<MysqlConfiguration, PasswordCredentials>;

/**
 * Added to every data and transfer session: a value too long or out of range for its column
 * fails the statement (also INSERT … SELECT into non-transactional tables) instead of being
 * cut or clamped with a warning, whatever the server's default sql_mode.
 */
export const STRICT_SQL_MODE = "sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')";

export interface ConnectOptions {
  /** A SET statement run once connected, before the connection is handed out (session variables). */
  settings?: string;
  /** Driver options beyond the target's own. */
  driver?: ConnectionOptions;
}

function connectionOptions({ configuration, credentials }: MysqlTarget): ConnectionOptions {
  return {
    host: configuration.host,
    port: configuration.port,
    database: configuration.database,
    user: configuration.user,
    password: credentials.password,
    ssl: configuration.ssl === false ? undefined : configuration.ssl === true ? {} : configuration.ssl,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  };
}

/**
 * A connected, authenticated connection (mysql2's callback API; `.promise()` wraps it) whose
 * socket dies the moment the signal aborts. With the signal already aborted no socket is
 * opened at all. A connection that fails to connect or to take its settings is destroyed
 * before the error is thrown.
 */
export async function connect(target: MysqlTarget, signal: AbortSignal | undefined, options: ConnectOptions = {}): Promise<Connection> {
  const mysql = await import("mysql2");
  if (signal?.aborted) throw abortReason(signal);
  const connection = mysql.createConnection({ ...connectionOptions(target), ...options.driver });
  // Errors after connect (server killed) must not crash the provider process.
  connection.on("error", () => undefined);
  if (signal) onAbort(signal, () => connection.destroy());
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    const { settings } = options;
    if (settings) await new Promise<void>((resolve, reject) => connection.query(settings, (error) => (error ? reject(error) : resolve())));
    return connection;
  } catch (error) {
    connection.destroy();
    throw error;
  }
}
