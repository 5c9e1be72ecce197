import type { Connection, ConnectionOptions, RowStatement, SnowflakeError } from "snowflake-sdk";
import { abortable, onAbort } from "../../core/deadline";
import { DataplaneError, isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { ConnectionTarget, VendorSession } from "../../core/vendor-contract";
import type { SnowflakeConfiguration, SnowflakeCredentials } from "./config";
import { hasPrivilege, listTables, PROBE_SQL, type Query } from "./introspector";

export type SnowflakeTarget = ConnectionTarget<SnowflakeConfiguration, SnowflakeCredentials>;
type SnowflakeModule = typeof import("snowflake-sdk");

/**
 * Loads the driver quietly: its logger writes to stderr, and the AWS SDK it bundles warns
 * about the Node version on load; provider stderr would reach `pulumi up` output. Node caches
 * the module, and configure() is idempotent, so nothing is kept here.
 */
export async function loadDriver(): Promise<SnowflakeModule> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const imported = await import("snowflake-sdk");
  const snowflake = ((imported as unknown as { default?: SnowflakeModule }).default ?? imported) as SnowflakeModule;
  snowflake.configure({ logLevel: "OFF" });
  return snowflake;
}

export function connectionOptions({ configuration, credentials }: SnowflakeTarget): ConnectionOptions {
  const authentication =
    credentials.privateKey !== undefined
      ? {
          authenticator: "SNOWFLAKE_JWT",
          privateKey: credentials.privateKey,
          ...(credentials.privateKeyPassphrase === undefined ? {} : { privateKeyPass: credentials.privateKeyPassphrase }),
        }
      : { password: credentials.password };
  return {
    account: configuration.account,
    username: configuration.username,
    ...authentication,
    accessUrl: `${configuration.protocol}://${configuration.host}:${configuration.port}`,
    ...(configuration.warehouse === undefined ? {} : { warehouse: configuration.warehouse }),
    ...(configuration.database === undefined ? {} : { database: configuration.database }),
    ...(configuration.schema === undefined ? {} : { schema: configuration.schema }),
    ...(configuration.role === undefined ? {} : { role: configuration.role }),
    application: "pulumi-dataplane",
    // Our own deadline bounds every call; the driver's retries would only outlive it.
    sfRetryMaxLoginRetries: 1,
    sfRetryMaxNumRetries: 1,
    clientSessionKeepAlive: false,
  } as unknown as ConnectionOptions;
}

/** One authenticated driver connection and the statement now running on it. */
export interface SnowflakeClient {
  readonly connection: Connection;
  query: Query;
  /** Runs one statement; the running statement is kept for cancel. */
  run(
    sql: string,
    binds?: unknown[],
    options?: { describeOnly?: boolean },
  ): Promise<{ rows: Record<string, unknown>[]; statement: RowStatement }>;
  /** Asks Snowflake to abort the running statement, if any. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export async function connect(target: SnowflakeTarget, signal?: AbortSignal): Promise<SnowflakeClient> {
  const snowflake = await loadDriver();
  const connection = snowflake.createConnection(connectionOptions(target));
  let destroyed = false;
  let cancelling: Promise<void> = Promise.resolve();
  // Closing waits for an abort request in flight: destroying the connection would drop it.
  const close = () =>
    cancelling.then(
      () =>
        new Promise<void>((resolve) => {
          if (destroyed) return resolve();
          destroyed = true;
          try {
            connection.destroy(() => resolve());
          } catch {
            resolve();
          }
        }),
    );
  let running: RowStatement | undefined;
  const cancelRunning = () => {
    cancelling = cancelStatement(running);
    return cancelling;
  };
  // The driver retries a request on network errors up to 1,000 times (a limit no caller can
  // change) and calls back only then: an abort settles every call waiting on it at once.
  const settleOnAbort = <T>(work: Promise<T>): Promise<T> =>
    signal ? abortable(signal, work, new Error("the Snowflake call was aborted")) : work;
  // Aborting first asks Snowflake to abort the running query (a closed session would leave it
  // running in the warehouse), then closes; the abort request gets a short deadline of its own.
  if (signal) onAbort(signal, () => void cancelRunning().finally(close));
  await settleOnAbort(new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve()))));
  const run: SnowflakeClient["run"] = (sql, binds, options = {}) =>
    settleOnAbort(
      new Promise((resolve, reject) => {
        const statement = connection.execute({
          sqlText: sql,
          ...(binds && binds.length > 0 ? { binds: binds as never } : {}),
          ...(options.describeOnly ? { describeOnly: true } : {}),
          // One statement per request, whatever the account's default (a second one fails, not runs).
          parameters: { MULTI_STATEMENT_COUNT: 1 },
          complete: (error: SnowflakeError | undefined, completed: RowStatement, rows: unknown[] | undefined) => {
            if (running === statement) running = undefined;
            if (error) reject(error);
            else resolve({ rows: (rows ?? []) as Record<string, unknown>[], statement: completed });
          },
        } as never) as RowStatement;
        running = statement;
      }),
    );
  return {
    connection,
    run,
    query: async <Row>(sql: string, binds?: unknown[]) => (await run(sql, binds)).rows as Row[],
    cancel: cancelRunning,
    close,
  };
}

/** Sends Snowflake's abort-request for a running statement; settles within a few seconds whatever happens. */
export function cancelStatement(statement: RowStatement | undefined): Promise<void> {
  if (!statement) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    try {
      statement.cancel(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Connects, authenticates and probes; the connection dies with the signal. */
export async function openSession(target: SnowflakeTarget, signal: AbortSignal): Promise<VendorSession> {
  const client = await connect(target, signal);
  try {
    const [probe] = await client.query<{ SERVER_VERSION: string; DATABASE_NAME: string | null; SCHEMA_NAME: string | null }>(PROBE_SQL);
    // Snowflake accepts a login naming a database that does not exist, and leaves none current.
    if (target.configuration.database !== undefined && !probe.DATABASE_NAME) {
      throw new DataplaneError("databaseMissing", `database ${target.configuration.database} does not exist or the role may not use it`);
    }
    const defaultSchema = probe.SCHEMA_NAME ?? "PUBLIC";
    return {
      serverVersion: probe.SERVER_VERSION,
      listTables: () => listTables(client.query),
      hasPrivilege: (required) => hasPrivilege(client.query, required, defaultSchema),
      canPersist: () => hasPrivilege(client.query, { privilege: "createTable", schema: defaultSchema }, defaultSchema),
      close: client.close,
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Login failures Snowflake reports with its own codes (GS error codes, numeric). */
const AUTHENTICATION_CODES = new Set([390100, 390101, 390102, 390144, 390318, 390303, 390304, 390186, 394304, 390195]);
const DATABASE_CODES = new Set([390201, 390202]);
const PRIVILEGE_CODES = new Set([390189, 390190]);

export function classifySnowflakeError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const { code, sqlState, message, cause } = (error ?? {}) as SnowflakeError & { cause?: { code?: string; message?: string } };
  const numeric = Number(code);
  const causeCode = cause?.code ?? "";
  if (AUTHENTICATION_CODES.has(numeric)) return "authentication";
  if (DATABASE_CODES.has(numeric)) return "databaseMissing";
  if (PRIVILEGE_CODES.has(numeric) || sqlState === "42501" || numeric === 3001) return "privilegeMissing";
  // "Object … does not exist or not authorized"; fakesnow reports a misspelled function with the same code
  // ("Scalar Function with name … does not exist"), which is the SQL's error, not a missing table.
  const missingObject = numeric === 2003 || sqlState === "42S02" || /does not exist or not authorized/i.test(message ?? "");
  if (missingObject && !/\bfunction\b/i.test(message ?? "")) return "tableMissing";
  const text = `${message ?? ""} ${cause?.message ?? ""}`;
  if (causeCode === "ETIMEDOUT" || causeCode === "ECONNABORTED" || /timeout/i.test(text)) return "timedOut";
  if (UNREACHABLE_CODES.has(causeCode) || UNREACHABLE_CODES.has(String(code))) return "unreachable";
  if (/certificate|SSL|TLS|OCSP/i.test(text) || causeCode.startsWith("ERR_TLS") || /CERT/.test(causeCode)) return "tls";
  if (numeric === 401001) return "unreachable";
  return "unknown";
}
