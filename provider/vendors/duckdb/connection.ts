import type { DuckDBConnection } from "@duckdb/node-api";
import { engineInstance, previewStandIn, type EngineTarget } from "./handles";

/** A connection on the engine, and what closing it must also close. */
export interface EngineConnection {
  connection: DuckDBConnection;
  /** Set when a preview used an empty stand-in for a database file that does not exist yet. */
  notice?: string;
  close(): void;
}

export interface EngineConnectOptions {
  /** A preview creates nothing: a missing database file is replaced by an empty one in memory. */
  preview?: boolean;
  /** Timestamps read and written in UTC, as transfers' canonical text needs. */
  utc?: boolean;
}

/**
 * The one way the DuckDB engine is connected to: a connection of its own on the process-wide
 * instance of the database (or on a preview's stand-in), for a session, a data session or a
 * transfer alike.
 */
export async function connectEngine(engine: EngineTarget, options: EngineConnectOptions = {}): Promise<EngineConnection> {
  const standIn = options.preview ? await previewStandIn(engine) : undefined;
  const instance = standIn?.instance ?? (await engineInstance(engine));
  let connection: DuckDBConnection | undefined;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    try {
      connection?.closeSync();
    } catch {
      // Already closed.
    }
    standIn?.instance.closeSync();
  };
  try {
    connection = await instance.connect();
    if (options.utc) await connection.run("SET SESSION TimeZone = 'UTC'");
    return { connection, ...(standIn ? { notice: standIn.notice } : {}), close };
  } catch (error) {
    close();
    throw error;
  }
}
