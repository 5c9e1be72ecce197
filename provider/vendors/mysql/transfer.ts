import { Readable, Transform, type TransformCallback } from "node:stream";
import type { Connection, FieldPacket, ResultSetHeader } from "mysql2";
import type { Column, TableReference } from "../../core/columns";
import { abortReason, afterAbort } from "../../core/deadline";
import { encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import type { EndpointRequest, TextSink, TextSource, VendorTransfer } from "../../core/transfer/endpoints";
import { LoadDataEscapeRewriter } from "./load-data-escapes";
import type { ConnectionTarget } from "../../core/vendor-contract";
import { connect, STRICT_SQL_MODE, type MysqlTarget } from "./connection";
import { mysqlDialect } from "./dialect";
import { killThread } from "./session";

const { quoteIdentifier, qualifiedName } = mysqlDialect;

/** UTC, so DATETIME/TIMESTAMP text is the UTC wall clock; utf8mb4 so any Unicode survives. */
const SESSION_SQL = `SET time_zone = '+00:00', NAMES utf8mb4, ${STRICT_SQL_MODE}`;

function connectFor(target: ConnectionTarget, signal: AbortSignal): Promise<Connection> {
  return connect(target as MysqlTarget, signal, { settings: SESSION_SQL });
}

/**
 * On abort the connection is killed in the server and confirmed gone before the deadline
 * reports: a closed socket alone ends a SELECT only when the server next writes to it, and a
 * KILL QUERY that reaches the server before a LOAD DATA sent just earlier finds the thread
 * idle, and the load then runs after the cancel was confirmed (seen once under a loaded suite).
 */
function killOnAbort(target: ConnectionTarget, connection: Connection, signal: AbortSignal, what: string): () => void {
  const threadId = connection.threadId as number;
  return afterAbort(signal, {
    what: `cancelling the ${what} in MariaDB`,
    run: async () => {
      await killThread(target as MysqlTarget, threadId, "connection");
      return `the ${what} was cancelled in MariaDB, which shows it no longer running`;
    },
  });
}

function run<T = unknown>(connection: Connection, sql: string, values?: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => connection.query(sql, values, (error, result) => (error ? reject(error) : resolve(result as T))));
}

function end(connection: Connection): Promise<void> {
  return new Promise((resolve) => connection.end(() => resolve()));
}

/** A SELECT expression yielding the column's canonical text (canonical-text.md). */
function selectExpression(column: Column): string {
  const name = quoteIdentifier(column.name);
  switch (column.type.kind) {
    case "boolean":
      return `CASE WHEN ${name} IS NULL THEN NULL WHEN ${name} <> 0 THEN 't' ELSE 'f' END`;
    case "timestamptz":
      return `CONCAT(${name}, '+00')`;
    // 0x5C78 is `\x`, written as bytes so the query does not depend on NO_BACKSLASH_ESCAPES.
    case "binary":
      return `CONCAT(CONVERT(0x5C78 USING utf8mb4), LOWER(HEX(${name})))`;
    // MySQL 8's JSON type would otherwise arrive parsed.
    case "json":
      return `CAST(${name} AS CHAR CHARACTER SET utf8mb4)`;
    default:
      return name;
  }
}

const ROWS_PER_CHUNK = 1000;

async function openSource({ target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const connection = await connectFor(target, signal);
  const stopKilling = killOnAbort(target, connection, signal, "read of the source rows");
  const sql = `SELECT ${columns.map(selectExpression).join(", ")} FROM ${qualifiedName(table)}`;
  // The row stream pauses the socket when the destination is slower (backpressure).
  const rows = connection.query({ sql, rowsAsArray: true }).stream({ highWaterMark: ROWS_PER_CHUNK });
  // A row stream paused for backpressure is never told that the server went away (KILL, a
  // crash): the connection's error or its socket closing ends the read with an error instead
  // of a wait for rows that never come.
  let read = false;
  rows.once("end", () => (read = true));
  const lost = (error?: unknown): void => {
    if (!read && !rows.destroyed)
      rows.destroy(error instanceof Error ? error : new Error("the MariaDB server closed the connection while the source rows were read"));
  };
  // The generator below iterates the row stream only once the pipeline reads: destroyed before
  // that (an abort while the sink opens), its error would be heard by no one and end the process.
  rows.on("error", () => undefined);
  connection.on("error", lost);
  const socket = (connection as unknown as { stream?: NodeJS.EventEmitter }).stream;
  socket?.once("close", () => lost());
  async function* chunks(): AsyncGenerator<Buffer> {
    let batch: TextRow[] = [];
    for await (const row of rows as AsyncIterable<unknown[]>) {
      // mysql2 gives INT and DOUBLE as numbers; String() of a double is its shortest exact text.
      for (let index = 0; index < row.length; index++) {
        const value = row[index];
        if (value !== null && typeof value !== "string") row[index] = String(value);
      }
      batch.push(row as TextRow);
      if (batch.length >= ROWS_PER_CHUNK) {
        yield Buffer.from(encodeCopyRows(batch));
        batch = [];
      }
    }
    if (batch.length > 0) yield Buffer.from(encodeCopyRows(batch));
  }
  const stream = Readable.from(chunks(), { objectMode: false });
  return {
    stream,
    close: async () => {
      stopKilling();
      await end(connection);
    },
    destroy: () => connection.destroy(),
  };
}

/** A LOAD DATA SET expression turning the canonical text in `variable` into the column's value. */
function loadExpression(column: Column, variable: string): string | undefined {
  switch (column.type.kind) {
    case "boolean":
      return `(${variable} = 't')`;
    case "timestamptz":
      return `SUBSTRING_INDEX(${variable}, '+', 1)`;
    case "binary":
      return `UNHEX(SUBSTRING(${variable}, 3))`;
    default:
      return undefined;
  }
}

export function loadDataSql(table: TableReference, columns: Column[]): string {
  const targets: string[] = [];
  const assignments: string[] = [];
  columns.forEach((column, index) => {
    const variable = `@v${index}`;
    const expression = loadExpression(column, variable);
    if (expression === undefined) {
      targets.push(quoteIdentifier(column.name));
    } else {
      targets.push(variable);
      assignments.push(`${quoteIdentifier(column.name)} = ${expression}`);
    }
  });
  // The default FIELDS/LINES options are COPY text's framing: tab, newline, backslash escapes, \N.
  return (
    `LOAD DATA LOCAL INFILE 'dataplane-transfer' INTO TABLE ${qualifiedName(table)} CHARACTER SET utf8mb4 ` +
    `(${targets.join(", ")})${assignments.length > 0 ? ` SET ${assignments.join(", ")}` : ""}`
  );
}

/**
 * Feeds LOAD DATA. mysql2 writes every chunk of the file stream to the socket without
 * waiting for it to drain, so this waits for the socket itself: memory stays bounded when
 * the source is faster than the server.
 */
class LoadDataInput extends Transform {
  private readonly rewriter = new LoadDataEscapeRewriter();

  constructor(private readonly socket: NodeJS.WritableStream & { writableNeedDrain?: boolean }) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.push(this.rewriter.push(chunk));
    if (!this.socket.writableNeedDrain) {
      callback();
      return;
    }
    // A socket the server closed (KILL, crash) never drains: its FIN ends the wait.
    const drained = (): void => {
      this.socket.removeListener("end", closed).removeListener("close", closed);
      callback();
    };
    const closed = (): void => {
      this.socket.removeListener("drain", drained);
      callback(new Error("the MariaDB server closed the connection during LOAD DATA"));
    };
    this.socket.once("drain", drained).once("end", closed).once("close", closed);
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.rewriter.end());
  }
}

/**
 * LOCAL loads turn bad values into warnings (the server cannot stop the upload): fail on them.
 * Notes (harmless) are allowed, but only when every warning was seen: the server keeps at
 * most max_error_count of them, and a duplicate key at row 900,000 may be among the unseen.
 */
async function failOnWarnings(connection: Connection, header: ResultSetHeader): Promise<void> {
  if (!header.warningStatus) return;
  const warnings = await run<Array<{ Level: string; Code: number; Message: string }>>(connection, "SHOW WARNINGS");
  const serious = warnings.filter((warning) => warning.Level !== "Note");
  if (serious.length === 0 && header.warningStatus <= warnings.length) return;
  const examples = (serious.length > 0 ? serious : warnings).slice(0, 5).map((warning) => warning.Message);
  throw new Error(`LOAD DATA reported ${header.warningStatus} warning(s), e.g. ${examples.join("; ")}`);
}

async function openSink({ target, table, columns, signal, emptyFirst }: EndpointRequest): Promise<TextSink> {
  const connection = await connectFor(target, signal);
  const stopKilling = killOnAbort(target, connection, signal, "load");
  // LOAD DATA LOCAL cannot stop the upload, so it skips duplicate keys and cuts too-long
  // values with a warning instead of failing. The load is therefore one explicit InnoDB
  // transaction that commits only when the server reported no warning: readers see the old
  // rows until COMMIT, and a failure (or a killed connection) rolls every row back.
  await run(connection, "START TRANSACTION");
  if (emptyFirst) await run(connection, `DELETE FROM ${qualifiedName(table)}`);
  // A deadline passed meanwhile: the load is not sent at all.
  if (signal.aborted) {
    connection.destroy();
    throw abortReason(signal, new Error("the load was aborted"));
  }
  const socket = (connection as unknown as { stream: NodeJS.WritableStream }).stream;
  const input = new LoadDataInput(socket);
  const finished = new Promise<number>((resolve, reject) => {
    // mysql2 does not call back a LOAD DATA whose connection the server dropped mid-upload
    // (the socket sits half-closed with unsent data): the server's FIN ends the load.
    const lost = (): void => reject(new Error("the MariaDB server closed the connection during LOAD DATA"));
    (socket as unknown as NodeJS.EventEmitter).once("end", lost).once("close", lost);
    const rollBack = (error: unknown): Promise<never> =>
      run(connection, "ROLLBACK").then(
        () => Promise.reject(error),
        () => Promise.reject(error),
      );
    connection.query(
      { sql: loadDataSql(table, columns), infileStreamFactory: () => input },
      (error: Error | null, result: unknown, _fields?: FieldPacket[]) => {
        if (error) return void rollBack(error).catch(reject);
        const header = result as ResultSetHeader;
        failOnWarnings(connection, header)
          .then(() => run(connection, "COMMIT"), rollBack)
          .then(() => resolve(header.affectedRows), reject);
      },
    );
  });
  finished.catch(() => undefined);
  return {
    input,
    finished,
    close: async () => {
      stopKilling();
      await end(connection);
    },
    destroy: () => connection.destroy(),
  };
}

export const mysqlTransfer: VendorTransfer = {
  loadsStraightIn: true,
  openSource,
  openSink,
};
