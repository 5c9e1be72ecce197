import { Readable } from "node:stream";
import type { Column, TableReference } from "../../core/columns";
import { encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import { decodingInput } from "../../core/transfer/decoding-input";
import type { EndpointRequest, TextSink, TextSource, VendorTransfer } from "../../core/transfer/endpoints";
import { snowflakeDialect } from "./dialect";
import { connect, type SnowflakeTarget } from "./driver";
import { canonicalText, loadExpression, loadValue } from "./values";

const { quoteIdentifier, qualifiedName } = snowflakeDialect;

/** Rows per COPY text chunk the source yields. */
const SOURCE_CHUNK_ROWS = 1000;
/** Bound values per INSERT of the sink: one statement per batch, well under Snowflake's limits. */
const SINK_BATCH_VALUES = 8000;
const SINK_BATCH_ROWS = 500;

/** Times come as text from the server, since the driver reads only whole seconds of a TIME. */
function selectExpression(column: Column): string {
  const name = quoteIdentifier(column.name);
  return column.type.kind === "time" ? `to_char(${name}, 'HH24:MI:SS.FF6')` : name;
}

async function openSource({ target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const client = await connect(target as SnowflakeTarget, signal);
  let failure: unknown;
  const statement = client.connection.execute({
    sqlText: `select ${columns.map(selectExpression).join(", ")} from ${qualifiedName(table)}`,
    streamResult: true,
    rowMode: "array",
    // Exact digits and the stored JSON text, not JavaScript numbers and parsed objects.
    fetchAsString: ["Number", "JSON"],
    complete: (error: unknown) => {
      if (error) failure = error;
    },
  } as never);
  const kinds = columns.map((column) => column.type);
  // streamRows() reads a page only while the consumer keeps up: backpressure reaches the server.
  const rows = statement.streamRows() as Readable;
  async function* chunks(): AsyncGenerator<Buffer> {
    let batch: TextRow[] = [];
    for await (const row of rows) {
      batch.push((row as unknown[]).map((value, index) => canonicalText(kinds[index], value)));
      if (batch.length >= SOURCE_CHUNK_ROWS) {
        yield Buffer.from(encodeCopyRows(batch));
        batch = [];
      }
    }
    if (failure) throw failure;
    if (batch.length > 0) yield Buffer.from(encodeCopyRows(batch));
  }
  return {
    stream: Readable.from(chunks(), { objectMode: false }),
    close: client.close,
    destroy: () => {
      rows.destroy();
      void client.cancel().finally(client.close);
    },
  };
}

function insertStatement(table: TableReference, columns: Column[], rowCount: number): string {
  const row = `(${columns.map(() => "?").join(", ")})`;
  const values = Array.from({ length: rowCount }, () => row).join(", ");
  const selections = columns.map((column, index) => loadExpression(column.type, `column${index + 1}`));
  // INSERT … SELECT FROM VALUES: Snowflake rejects parse_json()/to_binary() inside VALUES of an INSERT.
  return `insert into ${qualifiedName(table)} (${columns.map((column) => quoteIdentifier(column.name)).join(", ")}) select ${selections.join(", ")} from values ${values}`;
}

async function openSink({ target, table, columns, emptyFirst, signal }: EndpointRequest): Promise<TextSink> {
  // Loads go through a staging table the publication applies in its own transaction.
  if (emptyFirst) throw new Error("Snowflake loads go through a staging table; emptyFirst is not supported");
  const client = await connect(target as SnowflakeTarget, signal);
  try {
    await client.query("begin");
  } catch (error) {
    await client.close();
    throw error;
  }
  const types = columns.map((column) => column.type);
  const batchRows = Math.max(1, Math.min(SINK_BATCH_ROWS, Math.floor(SINK_BATCH_VALUES / Math.max(1, columns.length))));
  let pending: unknown[][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    await client.run(insertStatement(table, columns, rows.length), rows.flat());
  };
  const { input, finished } = decodingInput(types.length, {
    row: (row) => {
      pending.push(row.map((text, index) => loadValue(types[index], text)));
      return pending.length >= batchRows ? flush() : undefined;
    },
    end: async () => {
      await flush();
      await client.query("commit");
    },
  });
  return {
    input,
    finished,
    close: client.close,
    // Closing the session without commit discards the rows of the open transaction.
    destroy: () => void client.cancel().finally(client.close),
  };
}

export const snowflakeTransfer: VendorTransfer = {
  loadsStraightIn: false,
  openSource,
  openSink,
};
