import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import type { PathShape } from "../../core/path-shape";
import { hostField, nameField, portField } from "../../core/configuration-fields";

export interface SnowflakeConfiguration {
  account: string;
  username: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  role?: string;
  /** Where the driver connects: `${account}.snowflakecomputing.com` unless a private link or emulator is named. */
  host: string;
  port: number;
  protocol: "https" | "http";
}

/** Account identifiers: `orgname-account`, `xy12345.eu-west-1`, `xy12345.us-east-2.aws`. */
const accountField = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be a Snowflake account identifier such as myorg-myaccount or xy12345.eu-west-1");

const fields = z
  .object({
    account: accountField.describe("The account identifier, e.g. `myorg-myaccount` or `xy12345.eu-west-1`"),
    username: nameField.describe("The user to log in as"),
    warehouse: nameField.optional().describe("The warehouse that runs the queries (omitted: the user's default)"),
    database: nameField.optional().describe("The session's database (omitted: the user's default)"),
    schema: nameField
      .optional()
      .describe("The session's schema; jobs write their results there unless `output.path` names another (default `PUBLIC`)"),
    role: nameField.optional().describe("The role the session uses (omitted: the user's default)"),
    /** A full URL (`https://xy12345.privatelink.snowflakecomputing.com`), instead of host/port/protocol. */
    accessUrl: z
      .string()
      .optional()
      .describe(
        "The address as one URL, e.g. `https://xy12345.privatelink.snowflakecomputing.com`, in place of `host`, `port` and `protocol`",
      ),
    host: hostField.optional().describe("The host to connect to (default `<account>.snowflakecomputing.com`)"),
    port: portField.optional().describe("The port to connect to (default `443` over https, `80` over http)"),
    protocol: z.enum(["https", "http"]).optional(),
  })
  .strict();

/** Reads `accessUrl` into host, port and protocol, or says why it cannot be used. */
function fromAccessUrl(text: string): { host: string; port?: number; protocol: "https" | "http" } | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be a URL such as https://myaccount.privatelink.snowflakecomputing.com";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https:// (or http:// for a local emulator)";
  if (url.username || url.password) return "must not contain a user or password: use configuration.username and credentials";
  if (url.pathname !== "/" && url.pathname !== "") return "must hold only the scheme, host and port";
  return { host: url.hostname, port: url.port ? Number(url.port) : undefined, protocol: url.protocol === "https:" ? "https" : "http" };
}

/**
 * Snowflake. `accessUrl` and `host`/`port`/`protocol` are two spellings of one address: both
 * normalise to host, port and protocol, so they diff and hash identically.
 */
export const snowflakeConfiguration = fields.transform((value, context): SnowflakeConfiguration => {
  let address: { host?: string; port?: number; protocol?: "https" | "http" } = value;
  if (value.accessUrl !== undefined) {
    const given = (["host", "port", "protocol"] as const).find((key) => value[key] !== undefined);
    if (given) {
      context.addIssue({ code: "custom", path: [given], message: "is given both here and in accessUrl: keep one" });
      return z.NEVER;
    }
    const parsed = fromAccessUrl(value.accessUrl);
    if (typeof parsed === "string") {
      context.addIssue({ code: "custom", path: ["accessUrl"], message: parsed });
      return z.NEVER;
    }
    address = parsed;
  }
  const protocol = address.protocol ?? "https";
  return {
    account: value.account,
    username: value.username,
    ...(value.warehouse === undefined ? {} : { warehouse: value.warehouse }),
    ...(value.database === undefined ? {} : { database: value.database }),
    ...(value.schema === undefined ? {} : { schema: value.schema }),
    ...(value.role === undefined ? {} : { role: value.role }),
    host: address.host ?? `${value.account}.snowflakecomputing.com`,
    port: address.port ?? (protocol === "https" ? 443 : 80),
    protocol,
  };
});

const PEM_PRIVATE_KEY = /^-----BEGIN (ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (ENCRYPTED )?PRIVATE KEY-----\s*$/;

/** Password, or key-pair authentication with a PKCS#8 PEM key (optionally encrypted). */
export const snowflakeCredentials = z
  .object({
    password: z.string().min(1, "must not be empty").optional().describe("The user's password (or `privateKey` instead, not both)"),
    privateKey: z
      .string()
      .optional()
      .describe("For key-pair authentication, in place of `password`: a PKCS#8 private key as PEM text, optionally encrypted"),
    privateKeyPassphrase: z.string().optional().describe("The passphrase of an encrypted `privateKey`"),
  })
  .strict()
  .superRefine((credentials, context) => {
    if (credentials.password !== undefined && credentials.privateKey !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["privateKey"],
        message: "and credentials.password are both set: keep one way to authenticate",
      });
      return;
    }
    if (credentials.privateKey === undefined) {
      if (credentials.privateKeyPassphrase !== undefined) {
        context.addIssue({ code: "custom", path: ["privateKeyPassphrase"], message: "only applies with credentials.privateKey" });
      }
      return;
    }
    // The key itself is never quoted: only what is wrong with it.
    const key = credentials.privateKey.trim();
    if (!PEM_PRIVATE_KEY.test(key)) {
      context.addIssue({
        code: "custom",
        path: ["privateKey"],
        message:
          "must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----); convert an RSA key with openssl pkcs8 -topk8",
      });
      return;
    }
    const encrypted = key.startsWith("-----BEGIN ENCRYPTED");
    if (encrypted && credentials.privateKeyPassphrase === undefined) {
      context.addIssue({ code: "custom", path: ["privateKeyPassphrase"], message: "is required: credentials.privateKey is encrypted" });
      return;
    }
    try {
      createPrivateKey({ key, format: "pem", ...(encrypted ? { passphrase: credentials.privateKeyPassphrase } : {}) });
    } catch {
      context.addIssue({
        code: "custom",
        path: [encrypted ? "privateKeyPassphrase" : "privateKey"],
        message: encrypted
          ? "does not decrypt credentials.privateKey: check the passphrase"
          : "is not a readable private key: check that the whole PEM text was copied",
      });
    }
  });

export type SnowflakeCredentials = z.infer<typeof snowflakeCredentials>;

/**
 * A schema, or the connection's database and a schema: columns are read from the current
 * database's information_schema, so another database's table would be misread.
 */
export const snowflakePathShape: PathShape<SnowflakeConfiguration> = {
  forms: [["schema"], ["database", "schema"]],
  fits: (path, configuration) =>
    path.length === 2 && path[0] !== configuration.database
      ? "must start with the connection's database, exactly as configuration.database spells it: tables in another database cannot be reached; give [schema], or use a connection to that database"
      : undefined,
};
