import { Writable } from "node:stream";
import type { Client, QueryConfig } from "pg";
import type { Column } from "../../core/columns";
import { afterAbort } from "../../core/deadline";
import { StringDecoder } from "node:string_decoder";
import { decodeCopyLine, encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import type { EndpointRequest, TextSink } from "../../core/transfer/endpoints";
import { connect, destroySocket, type PostgresTarget } from "../postgres/connection";
import { cancelBackend } from "../postgres/session";
import type { RedshiftConfiguration, RedshiftCredentials } from "./config";
import { copyTextToCsv } from "./csv";
import { redshiftDialect } from "./dialect";
import { PART_BYTES, StagedParts } from "./s3-staging";
import { checkTextWidths } from "./text-width";

/**
 * Below this many rows a load is multi-row INSERTs even where S3 staging is configured: writing,
 * copying and deleting parts costs more than the statements. Without `configuration.s3` every
 * load is INSERTs, in batches of at most this many rows.
 */
export const INSERT_BELOW_ROWS = 1000;
/** Postgres-protocol statements take at most 65535 parameters; batches keep well below. */
const MAX_PARAMETERS = 32_000;

type RedshiftTarget = { configuration: RedshiftConfiguration; credentials: RedshiftCredentials };

const { quoteIdentifier, qualifiedName } = redshiftDialect;

/** Job statements and loads see times in UTC; Redshift has no bytea_output or client_encoding to set. */
export const LOAD_SETTINGS = "set time zone 'UTC'";

/**
 * Loads rows into a Redshift table as one transaction: gzip CSV parts staged in S3 and one
 * `COPY … FROM 's3://…'` (Redshift has no COPY FROM STDIN), or multi-row INSERTs for small loads
 * and connections without S3 staging. `emptyFirst` is a DELETE in that transaction (Redshift's
 * TRUNCATE would commit it). The parts are deleted afterwards, also when the load failed.
 */
export async function openRedshiftSink({ target, table, columns, signal, emptyFirst }: EndpointRequest): Promise<TextSink> {
  const { configuration, credentials } = target as RedshiftTarget;
  const staging = configuration.s3;
  const client = await connect(target as PostgresTarget, signal, { applicationName: "pulumi-dataplane-load", settings: LOAD_SETTINGS });
  const processId = (client as unknown as { processID: number }).processID;
  const stopCancelling = afterAbort(signal, {
    what: "cancelling the load in Redshift",
    run: async () => {
      await cancelBackend(target as PostgresTarget, processId);
      return "the load was cancelled in Redshift, which shows it no longer running";
    },
  });
  const parts = staging ? new StagedParts(staging, credentials) : undefined;
  const load = new RowLoad(client, table, columns, emptyFirst === true, parts);
  const lines = new WholeLines();
  let settle!: { resolve: (rows: number) => void; reject: (error: unknown) => void };
  const finished = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => undefined);
  const failed = (error: unknown): void => {
    settle.reject(error);
    void parts?.remove();
  };
  client.on("error", failed);
  client.on("end", () => failed(new Error("the Redshift connection closed during the load")));
  const input = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      load.add(lines.push(chunk)).then(() => callback(), callback);
    },
    final(callback) {
      try {
        lines.end();
      } catch (error) {
        callback(error as Error);
        return;
      }
      load.finish().then((rows) => {
        settle.resolve(rows);
        callback();
      }, callback);
    },
  });
  input.on("error", failed);
  return {
    input,
    finished,
    close: async () => {
      stopCancelling();
      await client.end();
    },
    destroy: () => {
      destroySocket(client);
      void parts?.remove();
    },
  };
}

/**
 * Whole lines of COPY text out of a byte stream: a chunk may end inside a row or inside a
 * multi-byte character, so what follows the last newline waits for the next chunk.
 */
class WholeLines {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  push(chunk: Buffer): string {
    const text = this.rest + this.decoder.write(chunk);
    const end = text.lastIndexOf("\n") + 1;
    this.rest = text.slice(end);
    return text.slice(0, end);
  }

  /** Throws if the stream ended in the middle of a row (a truncated source). */
  end(): void {
    if (this.rest + this.decoder.end() !== "") throw new Error("the source ended in the middle of a row");
  }
}

/** Newlines in COPY text: each ends a row (newlines inside values are escaped). */
function countLines(text: string): number {
  let count = 0;
  for (let position = text.indexOf("\n"); position >= 0; position = text.indexOf("\n", position + 1)) count++;
  return count;
}

/** The rows of one load on its way into the table, by INSERT batches or staged parts. */
class RowLoad {
  /** COPY text not yet inserted or staged, and how many rows it holds. */
  private buffered = "";
  private bufferedRows = 0;
  private csv: string[] = [];
  private csvBytes = 0;
  private staging = false;
  private inTransaction = false;
  private inserted = 0;
  private readonly into: string;
  private readonly batchRows: number;

  constructor(
    private readonly client: Client,
    private readonly table: EndpointRequest["table"],
    private readonly columns: Column[],
    private readonly emptyFirst: boolean,
    private readonly parts: StagedParts | undefined,
  ) {
    this.into = `${qualifiedName(table)} (${columns.map((column) => quoteIdentifier(column.name)).join(", ")})`;
    this.batchRows = Math.max(1, Math.min(INSERT_BELOW_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length))));
  }

  private query(sql: string, values: unknown[] = []) {
    return this.client.query({ text: sql, values, queryMode: "extended" } as QueryConfig);
  }

  /** The transaction the rows go in, with the table emptied first where the action asks. */
  private async begin(): Promise<void> {
    if (this.inTransaction) return;
    this.inTransaction = true;
    await this.query(redshiftDialect.beginTransaction);
    if (this.emptyFirst) await this.query(redshiftDialect.emptyTable(this.table));
  }

  /** Inserts the buffered rows in batches; with `all` false, a last incomplete batch waits. */
  private async insertBuffered(all: boolean): Promise<void> {
    if (this.bufferedRows === 0 || (!all && this.bufferedRows < this.batchRows)) return;
    const rows: TextRow[] = this.buffered.slice(0, -1).split("\n").map(decodeCopyLine);
    let next = 0;
    while (rows.length - next >= this.batchRows || (all && next < rows.length)) {
      await this.insert(rows.slice(next, next + this.batchRows));
      next += this.batchRows;
    }
    const left = rows.slice(next);
    this.buffered = left.length === 0 ? "" : encodeCopyRows(left);
    this.bufferedRows = left.length;
  }

  private async insert(rows: TextRow[]): Promise<void> {
    await this.begin();
    const width = this.columns.length;
    const tuples = rows.map((_, row) => `(${this.columns.map((__, column) => `$${row * width + column + 1}`).join(", ")})`);
    const result = await this.query(`insert into ${this.into} values ${tuples.join(", ")}`, rows.flat());
    this.inserted += result.rowCount ?? rows.length;
  }

  private async stage(text: string): Promise<void> {
    if (text === "" || !this.parts) return;
    const csv = copyTextToCsv(text);
    this.csv.push(csv);
    this.csvBytes += Buffer.byteLength(csv);
    if (this.csvBytes >= PART_BYTES) await this.flushPart();
  }

  private async flushPart(): Promise<void> {
    if (this.csv.length === 0 || !this.parts) return;
    const text = this.csv.join("");
    this.csv = [];
    this.csvBytes = 0;
    await this.parts.put(text);
  }

  /** Rows go to staging once there are enough to be worth a COPY, else wait to be inserted. */
  async add(text: string): Promise<void> {
    checkTextWidths(text, this.columns);
    if (this.staging) return this.stage(text);
    this.buffered += text;
    this.bufferedRows += countLines(text);
    if (this.parts && this.bufferedRows >= INSERT_BELOW_ROWS) {
      this.staging = true;
      const all = this.buffered;
      this.buffered = "";
      this.bufferedRows = 0;
      return this.stage(all);
    }
    if (!this.parts) await this.insertBuffered(false);
  }

  /** Writes what is left, runs the COPY where rows were staged, commits; returns the rows loaded. */
  async finish(): Promise<number> {
    try {
      await this.insertBuffered(true);
      let rows = this.inserted;
      if (this.staging && this.parts) {
        await this.flushPart();
        await this.begin();
        rows = (await this.query(this.parts.copyStatement(this.into))).rowCount ?? 0;
      }
      await this.begin();
      await this.query(redshiftDialect.commitTransaction);
      return rows;
    } finally {
      await this.parts?.remove();
    }
  }
}
