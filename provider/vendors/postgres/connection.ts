import type { Client, ClientConfig } from "pg";
import { abortReason, onAbort } from "../../core/deadline";
import type { PasswordCredentials } from "../../core/configuration-fields";
import type { ConnectionTarget } from "../../core/vendor-contract";
import type { PostgresConfiguration } from "./config";

/**
 * The one way this vendor opens a connection: connection tests, data sessions, cancels and
 * bulk transfers all take their client from `connect`, so socket and abort handling live here.
 */
export type PostgresTarget = ConnectionTarget<PostgresConfiguration, PasswordCredentials>;

export interface ConnectOptions {
  /** Names the session in pg_stat_activity, so administrators (and cancels) can find it. */
  applicationName?: string;
  /** Statements run once connected, before the client is handed out (session settings). */
  settings?: string;
}

function clientConfig({ configuration, credentials }: PostgresTarget, applicationName: string): ClientConfig {
  return {
    host: configuration.host,
    port: configuration.port,
    database: configuration.database,
    user: configuration.user,
    password: credentials.password,
    ssl: configuration.ssl,
    application_name: applicationName,
  };
}

/**
 * A connected, authenticated client whose socket dies the moment the signal aborts. pg opens
 * a socket that was destroyed before connect() anew, and that one would stay open and keep the
 * process alive: with the signal already aborted (an abort landing while a busy machine still
 * loads the driver), no client is made at all and the abort reason is thrown. A client that
 * fails to connect or to take its settings is destroyed before the error is thrown.
 */
export async function connect(target: PostgresTarget, signal: AbortSignal | undefined, options: ConnectOptions = {}): Promise<Client> {
  const { Client } = await import("pg");
  if (signal?.aborted) throw abortReason(signal);
  const client: Client = new Client(clientConfig(target, options.applicationName ?? "pulumi-dataplane"));
  // Errors after connect (server killed) must not crash the provider process.
  client.on("error", () => undefined);
  if (signal) onAbort(signal, () => destroySocket(client));
  try {
    await client.connect();
    if (options.settings) await client.query(options.settings);
    return client;
  } catch (error) {
    destroySocket(client);
    throw error;
  }
}

/** Closes the socket at once, without the protocol's goodbye: what an abort needs. */
export function destroySocket(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
