import { Readable } from "node:stream";
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import type { Column } from "../../core/columns";
import { onAbort } from "../../core/deadline";
import { encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import { decodingInput } from "../../core/transfer/decoding-input";
import type { EndpointRequest, TextSink, TextSource, VendorTransfer } from "../../core/transfer/endpoints";
import type { ConnectionTarget } from "../../core/vendor-contract";
import { connectEngine } from "./connection";
import type { EngineTarget } from "./handles";
import { duckdbDialect } from "./dialect";

const { quoteIdentifier, qualifiedName } = duckdbDialect;

/** Which database a transfer's target reaches through the engine. */
type EngineOf = (target: ConnectionTarget) => EngineTarget;

/** A connection of its own on the process-wide instance of the database, with timestamps in UTC. */
async function connect(engineOf: EngineOf, target: ConnectionTarget): Promise<DuckDBConnection> {
  return (await connectEngine(engineOf(target), { utc: true })).connection;
}

function closeQuietly(connection: DuckDBConnection): void {
  try {
    connection.closeSync();
  } catch {
    // Already closed.
  }
}

/** A SELECT expression yielding the column's canonical text (canonical-text.md); DuckDB casts in C++. */
function selectExpression(column: Column): string {
  const name = quoteIdentifier(column.name);
  switch (column.type.kind) {
    case "boolean":
      return `CASE WHEN ${name} IS NULL THEN NULL WHEN ${name} THEN 't' ELSE 'f' END`;
    case "binary":
      return `'\\x' || lower(hex(${name}))`;
    default:
      return `CAST(${name} AS VARCHAR)`;
  }
}

async function openSource(engineOf: EngineOf, { target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const connection = await connect(engineOf, target);
  onAbort(signal, () => connection.interrupt());
  try {
    // A streaming result: DuckDB produces a chunk (2048 rows) only when the last was taken.
    const result = await connection.stream(`SELECT ${columns.map(selectExpression).join(", ")} FROM ${qualifiedName(table)}`);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return;
        yield Buffer.from(encodeCopyRows(chunk.getRows() as TextRow[]));
      }
    }
    return {
      stream: Readable.from(chunks(), { objectMode: false }),
      close: async () => closeQuietly(connection),
      destroy: () => {
        connection.interrupt();
        closeQuietly(connection);
      },
    };
  } catch (error) {
    closeQuietly(connection);
    throw error;
  }
}

type AppendValue = (appender: DuckDBAppender, text: string) => void;

/** DuckDB's appender casts VARCHAR to the column type; only `\x…` binary text needs decoding first. */
function valueAppender(column: Column): AppendValue {
  if (column.type.kind === "binary") {
    return (appender, text) => appender.appendBlob(Buffer.from(text.slice(2), "hex"));
  }
  return (appender, text) => appender.appendVarchar(text);
}

async function openSink(engineOf: EngineOf, { target, table, columns, emptyFirst }: EndpointRequest): Promise<TextSink> {
  // The appender fills every column in table order, so it only loads tables made for it (staging).
  if (emptyFirst) throw new Error("DuckDB loads go through a staging table; emptyFirst is not supported");
  const connection = await connect(engineOf, target);
  let appender: DuckDBAppender | undefined;
  try {
    // One transaction, so a failed transfer leaves no committed rows (the appender flushes as it goes).
    await connection.run("BEGIN TRANSACTION");
    const schema = table.path.length > 0 ? table.path[table.path.length - 1] : null;
    const catalog = table.path.length > 1 ? table.path[table.path.length - 2] : null;
    appender = await connection.createAppender(table.table, schema, catalog);
  } catch (error) {
    closeQuietly(connection);
    throw error;
  }
  const rowAppender = appender;
  const appenders = columns.map(valueAppender);
  const { input, finished } = decodingInput(appenders.length, {
    row: (row) => {
      for (let index = 0; index < row.length; index++) {
        const value = row[index];
        if (value === null) rowAppender.appendNull();
        else appenders[index](rowAppender, value);
      }
      rowAppender.endRow();
    },
    end: async () => {
      rowAppender.closeSync();
      await connection.run("COMMIT");
    },
  });

  return {
    input,
    finished,
    close: async () => closeQuietly(connection),
    destroy: () => {
      try {
        // Discard what was appended; closing the connection rolls the transaction back.
        rowAppender.clear();
      } catch {
        // The appender may already be closed.
      }
      closeQuietly(connection);
    },
  };
}

/** Bulk paths in and out of a database the DuckDB engine opens, `engineOf` naming which. */
export function engineTransfer(engineOf: EngineOf): VendorTransfer {
  return {
    loadsStraightIn: false,
    openSource: (request) => openSource(engineOf, request),
    openSink: (request) => openSink(engineOf, request),
  };
}
