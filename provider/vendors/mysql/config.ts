import { z } from "zod";
import type { PathShape } from "../../core/path-shape";
import { hostField, nameField, portField, sslField, type SslSetting } from "../../core/configuration-fields";

export interface MysqlConfiguration {
  host: string;
  port: number;
  database?: string;
  user: string;
  ssl: SslSetting;
}

const fields = z
  .object({
    connectionString: z
      .string()
      .optional()
      .describe(
        "The server as a `mysql://user@host:port/database?ssl=true` (or `mariadb://`) URL, in place of the other fields (no password: it goes in `credentials.password`)",
      ),
    host: hostField.optional().describe("The server's host name or IP address (default `localhost`)"),
    port: portField.optional().describe("The server's port (default `3306`)"),
    database: nameField
      .optional()
      .describe("The database to use; jobs write their results there unless `output.path` names another (default `dataplane`)"),
    user: nameField.optional().describe("The database user to log in as; required, here or in `connectionString`"),
    ssl: sslField.optional().describe("TLS: `false` (default) for none, `true` to require it and verify the certificate, or TLS settings"),
  })
  .strict();

type Fields = z.infer<typeof fields>;

/** The fields a `mysql://` or `mariadb://` URL carries, or the reason it cannot be used. */
function fromConnectionString(text: string): Fields | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a valid mysql:// connection string";
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") return "must start with mysql:// or mariadb://";
  if (url.password) return "must not contain a password: put it in credentials.password, which is kept secret";
  // A parameter left unread would be dropped silently; a password among them never belongs here.
  for (const key of url.searchParams.keys()) {
    if (/pass/i.test(key)) return "must not contain a password: put it in credentials.password, which is kept secret";
    if (key !== "ssl") return "has a parameter that is not read: only ssl=true|false is (other settings have their own fields)";
  }
  const ssl = url.searchParams.get("ssl");
  return {
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    ssl: ssl === null ? undefined : ssl === "true",
  };
}

/** MySQL and MariaDB. A `connectionString` expands into the same fields as the long form. */
export const mysqlConfiguration = fields.transform((value, context): MysqlConfiguration => {
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
      context.addIssue({ code: "custom", path: [both[0]], message: "is given both here and in connectionString: keep one" });
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
    port: merged.port ?? 3306,
    ...(merged.database === undefined ? {} : { database: merged.database }),
    user: merged.user,
    ssl: merged.ssl ?? false,
  };
});

/** A MySQL database is its schema: one name. A second one was once dropped silently. */
export const mysqlPathShape: PathShape<MysqlConfiguration> = { forms: [["database"]] };
