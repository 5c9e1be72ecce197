import { z } from "zod";
import { parse as parseConnectionString } from "pg-connection-string";
import type { PathShape } from "../../core/path-shape";
import { hostField, nameField, portField, sslField, type SslSetting } from "../../core/configuration-fields";

export interface PostgresConfiguration {
  host: string;
  port: number;
  database: string;
  user: string;
  ssl: SslSetting;
}

/** The fields as given, before a connection string is expanded (other Postgres-protocol vendors extend them). */
export const postgresProtocolFields = z
  .object({
    connectionString: z
      .string()
      .optional()
      .describe(
        "The server as a `postgres://user@host:port/database?sslmode=…` URL, in place of the other fields (no password: it goes in `credentials.password`)",
      ),
    host: hostField.optional().describe("The server's host name or IP address (default `localhost`)"),
    port: portField.optional().describe("The server's port (default `5432` on Postgres, `5439` on Redshift)"),
    database: nameField.optional().describe("The database to connect to (default `postgres`)"),
    user: nameField.optional().describe("The database user to log in as; required, here or in `connectionString`"),
    ssl: sslField.optional().describe("TLS: `false` (default) for none, `true` to require it and verify the certificate, or TLS settings"),
  })
  .strict();

type Fields = z.infer<typeof postgresProtocolFields>;

const SSL_MODES: Record<string, SslSetting> = {
  disable: false,
  prefer: false,
  require: { rejectUnauthorized: false },
  "no-verify": { rejectUnauthorized: false },
  "verify-ca": { rejectUnauthorized: true },
  "verify-full": { rejectUnauthorized: true },
};

/** The fields a `postgres://` connection string carries, or the reason it cannot be used. */
function fromConnectionString(text: string): Fields | string {
  // pg-connection-string reads anything else as a socket path or a database name: never guess.
  if (!/^postgres(ql)?:\/\//i.test(text)) return "must start with postgres:// or postgresql://";
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(text);
  } catch {
    return "is not a valid postgres:// connection string";
  }
  if (parsed.password) return "must not contain a password: put it in credentials.password, which is kept secret";
  const sslmode = new URLSearchParams(text.split("?")[1] ?? "").get("sslmode");
  if (sslmode && !(sslmode in SSL_MODES)) return "has an unknown sslmode: use disable, require, verify-ca or verify-full";
  return {
    // The parser reports an absent part as "", which must not count as given.
    host: parsed.host || undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    database: parsed.database || undefined,
    user: parsed.user || undefined,
    ssl: sslmode ? SSL_MODES[sslmode] : undefined,
  };
}

/**
 * Postgres-protocol configuration (Postgres, Redshift). A `connectionString` is expanded into
 * the same fields, so both spellings of one server normalise, hash and diff identically.
 */
export function postgresProtocolConfiguration(defaultPort: number) {
  return postgresProtocolFields.transform((value, context): PostgresConfiguration => {
    let merged: Fields = value;
    if (value.connectionString !== undefined) {
      const expanded = fromConnectionString(value.connectionString);
      if (typeof expanded === "string") {
        context.addIssue({ code: "custom", path: ["connectionString"], message: expanded });
        return z.NEVER;
      }
      const both = (["host", "port", "database", "user", "ssl"] as const).filter(
        (key) => value[key] !== undefined && expanded[key] !== undefined,
      );
      if (both.length > 0) {
        context.addIssue({
          code: "custom",
          path: [both[0]],
          message: "is given both here and in connectionString: keep one",
        });
        return z.NEVER;
      }
      merged = { ...expanded, ...Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) };
    }
    if (!merged.user) {
      context.addIssue({ code: "custom", path: ["user"], message: "is required: the database user to log in as" });
      return z.NEVER;
    }
    return {
      host: merged.host ?? "localhost",
      port: merged.port ?? defaultPort,
      database: merged.database ?? "postgres",
      user: merged.user,
      ssl: merged.ssl ?? false,
    };
  });
}

export const postgresConfiguration = postgresProtocolConfiguration(5432);

/**
 * A schema, or the connection's own database and a schema: Postgres refuses references into
 * another database ("cross-database references are not implemented").
 */
export const postgresPathShape: PathShape<PostgresConfiguration> = {
  forms: [["schema"], ["database", "schema"]],
  fits: (path, configuration) =>
    path.length === 2 && path[0] !== configuration.database
      ? "must start with the connection's own database (configuration.database): tables in another database cannot be reached; give [schema], or use a connection to that database"
      : undefined,
};
