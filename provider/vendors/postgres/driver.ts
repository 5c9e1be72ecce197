import type { Client, ClientConfig } from "pg";
import { abortReason, onAbort } from "../../core/deadline";
import { isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { PasswordCredentials } from "../../core/configuration-fields";
import type { ConnectionTarget, VendorSession } from "../../core/vendor-contract";
import type { PostgresConfiguration } from "./config";
import { hasPrivilege, listTables, PROBE_SQL } from "./introspector";

export type PostgresTarget = ConnectionTarget<PostgresConfiguration, PasswordCredentials>;

export function clientConfig({ configuration, credentials }: PostgresTarget): ClientConfig {
  return {
    host: configuration.host,
    port: configuration.port,
    database: configuration.database,
    user: configuration.user,
    password: credentials.password,
    ssl: configuration.ssl,
    application_name: "pulumi-dataplane",
  };
}

/**
 * A pg client, not yet connected, whose socket dies with the signal. pg opens a socket that
 * was destroyed before connect() anew, and that one would stay open and keep the process
 * alive: with the signal already aborted (an abort landing while a busy machine still loads
 * the driver), no client is made at all and the abort reason is thrown.
 */
export async function abortableClient(config: ClientConfig, signal?: AbortSignal): Promise<Client> {
  const { Client } = await import("pg");
  if (signal?.aborted) throw abortReason(signal);
  const client: Client = new Client(config);
  // Errors after connect (server killed) must not crash the provider process.
  client.on("error", () => undefined);
  if (signal) onAbort(signal, () => destroySocket(client));
  return client;
}

/** Connects, authenticates and probes in one round trip; the socket dies with the signal. */
export async function openSession(target: PostgresTarget, signal: AbortSignal): Promise<VendorSession> {
  const client = await abortableClient(clientConfig(target), signal);
  try {
    await client.connect();
    const probe = await client.query<{ server_version: string; can_persist: boolean }>(PROBE_SQL);
    const { server_version: serverVersion, can_persist: canPersist } = probe.rows[0];
    return {
      serverVersion,
      listTables: () => listTables(client),
      hasPrivilege: (required) => hasPrivilege(client, required),
      canPersist: async () => canPersist,
      close: () => client.end().catch(() => undefined),
    };
  } catch (error) {
    destroySocket(client);
    throw error;
  }
}

export function destroySocket(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

const AUTHENTICATION_STATES = new Set(["28P01", "28000"]);

export function classifyPostgresError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && UNREACHABLE_CODES.has(code)) return "unreachable";
  if (code && AUTHENTICATION_STATES.has(code)) return "authentication";
  if (code === "3D000") return "databaseMissing";
  if (code === "42501") return "privilegeMissing";
  // undefined_table, invalid_schema_name
  if (code === "42P01" || code === "3F000") return "tableMissing";
  const text = message ?? "";
  if (/SSL|TLS|certificate|self[- ]signed/i.test(text) || (code ?? "").startsWith("ERR_TLS") || /CERT/.test(code ?? "")) {
    return "tls";
  }
  if (/password|SASL|SCRAM/i.test(text)) return "authentication";
  if (/timeout/i.test(text)) return "timedOut";
  if (/Connection terminated/i.test(text)) return "unreachable";
  return "unknown";
}
