import type { Client } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type { Column } from "../../core/columns";
import { afterAbort } from "../../core/deadline";
import type { EndpointRequest, TextSink, TextSource, VendorTransfer } from "../../core/transfer/endpoints";
import type { ConnectionTarget } from "../../core/vendor-contract";
import { connect, destroySocket, type PostgresTarget } from "./connection";
import { postgresDialect } from "./dialect";
import { cancelBackend } from "./session";

const { quoteIdentifier, qualifiedName } = postgresDialect;

/**
 * The session settings under which Postgres's output is the canonical text
 * (provider/core/transfer/canonical-text.md), and its input reads it back unshifted.
 */
const SESSION_SQL = `set time zone 'UTC'; set datestyle = 'ISO, YMD'; set bytea_output = 'hex';
  set extra_float_digits = 1; set client_encoding = 'UTF8'`;

function columnList(columns: Column[]): string {
  return columns.map((column) => quoteIdentifier(column.name)).join(", ");
}

/** A client of its own (not a pool: COPY holds the connection), named so admins can find it. */
function connectFor(target: ConnectionTarget, applicationName: string, signal: AbortSignal): Promise<Client> {
  return connect(target as PostgresTarget, signal, { applicationName, settings: SESSION_SQL });
}

/** Rejects when the connection fails or ends before the COPY finished. */
function connectionLost(client: Client): Promise<never> {
  return new Promise<never>((_, reject) => {
    client.on("error", reject);
    client.on("end", () => reject(new Error("the Postgres connection closed during the transfer")));
  });
}

/**
 * On abort the COPY is cancelled in the server and confirmed gone before the deadline reports:
 * a closed socket alone ends a COPY TO only when the server next writes to it.
 */
function cancelCopyOnAbort(target: ConnectionTarget, client: Client, signal: AbortSignal, what: string): () => void {
  const processId = (client as unknown as { processID: number }).processID;
  return afterAbort(signal, {
    what: `cancelling the ${what} in Postgres`,
    run: async () => {
      await cancelBackend(target as PostgresTarget, processId);
      return `the ${what} was cancelled in Postgres, which shows it no longer running`;
    },
  });
}

async function openSource({ target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const client = await connectFor(target, "pulumi-dataplane-unload", signal);
  const stopCancelling = cancelCopyOnAbort(target, client, signal, "read of the source rows");
  // Postgres's own output already is the canonical text: no expression per column.
  const stream = client.query(copyTo(`COPY (SELECT ${columnList(columns)} FROM ${qualifiedName(table)}) TO STDOUT`));
  const lost = connectionLost(client);
  lost.catch((error) => stream.destroy(error));
  return {
    stream,
    close: async () => {
      stopCancelling();
      await client.end();
    },
    destroy: () => destroySocket(client),
  };
}

async function openSink({ target, table, columns, signal, emptyFirst }: EndpointRequest): Promise<TextSink> {
  const client = await connectFor(target, "pulumi-dataplane-load", signal);
  const stopCancelling = cancelCopyOnAbort(target, client, signal, "load");
  // One COPY is one transaction: a failure leaves no committed row behind. Emptying the
  // table first joins that transaction, so readers see the old rows until the commit.
  if (emptyFirst) await client.query(`BEGIN; TRUNCATE TABLE ${qualifiedName(table)}`);
  const input = client.query(copyFrom(`COPY ${qualifiedName(table)} (${columnList(columns)}) FROM STDIN`));
  const finished = Promise.race([
    new Promise<number>((resolve, reject) => {
      input.on("finish", () => (emptyFirst ? client.query("COMMIT").then(() => resolve(input.rowCount), reject) : resolve(input.rowCount)));
      input.on("error", reject);
    }),
    connectionLost(client),
  ]);
  finished.catch(() => undefined);
  return {
    input,
    finished,
    close: async () => {
      stopCancelling();
      await client.end();
    },
    destroy: () => destroySocket(client),
  };
}

export const postgresTransfer: VendorTransfer = {
  loadsStraightIn: true,
  openSource,
  openSink,
};
