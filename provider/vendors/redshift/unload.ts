import { Readable } from "node:stream";
import type { Client, QueryConfig } from "pg";
import { afterAbort } from "../../core/deadline";
import { encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import type { EndpointRequest, TextSource } from "../../core/transfer/endpoints";
import { connect, destroySocket, type PostgresTarget } from "../postgres/connection";
import { cancelBackend } from "../postgres/session";
import { redshiftDialect } from "./dialect";

/** Rows per FETCH: large enough that round trips do not dominate, small enough to bound memory. */
const FETCH_ROWS = 10_000;

/**
 * The session settings under which the server's text output is the canonical text
 * (core/transfer/canonical-text.md): UTC times and shortest exact floats (ISO dates are the default).
 */
const UNLOAD_SETTINGS = "set time zone 'UTC'; set extra_float_digits = 1";

/** Every value as the server's own text: no parsing into JavaScript values and back. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

const CURSOR = "dataplane_unload";

/**
 * Reads a Redshift table through a cursor (Redshift has no COPY TO STDOUT; UNLOAD would need S3
 * on the way out too): DECLARE inside a transaction, then FETCH in batches, each turned into
 * COPY text. The transaction only reads, and ends with the stream.
 */
export async function openRedshiftSource({ target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const client: Client = await connect(target as PostgresTarget, signal, {
    applicationName: "pulumi-dataplane-unload",
    settings: UNLOAD_SETTINGS,
  });
  const processId = (client as unknown as { processID: number }).processID;
  const stopCancelling = afterAbort(signal, {
    what: "cancelling the read of the source rows in Redshift",
    run: async () => {
      await cancelBackend(target as PostgresTarget, processId);
      return "the read of the source rows was cancelled in Redshift, which shows it no longer running";
    },
  });
  const query = (text: string) => client.query({ text, rowMode: "array", types: AS_TEXT, queryMode: "extended" } as QueryConfig);
  const list = columns.map((column) => redshiftDialect.quoteIdentifier(column.name)).join(", ");
  await client.query("begin");
  await query(`declare ${CURSOR} no scroll cursor for select ${list} from ${redshiftDialect.qualifiedName(table)}`);
  async function* batches(): AsyncGenerator<Buffer> {
    for (;;) {
      const { rows } = await query(`fetch forward ${FETCH_ROWS} from ${CURSOR}`);
      if (rows.length === 0) break;
      yield Buffer.from(encodeCopyRows(rows as TextRow[]), "utf8");
    }
  }
  const stream = Readable.from(batches(), { objectMode: false });
  return {
    stream,
    close: async () => {
      stopCancelling();
      await client.query(`close ${CURSOR}; commit`);
      await client.end();
    },
    destroy: () => destroySocket(client),
  };
}
