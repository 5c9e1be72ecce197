import type { FailureHints } from "./failures";
import { z } from "zod";

/** Schema pieces that several vendors' configurations share, so each is written once. */

export const hostField = z
  .string()
  .min(1, "must not be empty")
  .max(253, "must be at most 253 characters")
  .regex(/^[A-Za-z0-9.\-:_[\]%]+$/, "must be a host name or IP address");

/** Numeric strings (stack config values arrive as strings) become numbers; anything else is judged as is. */
function numericStringToNumber(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** Accepts `5432` and `"5432"` alike and normalises both to the number. */
export const portField = z.preprocess(
  numericStringToNumber,
  z.number().int("must be a whole number").min(1, "must be at least 1").max(65535, "must be at most 65535"),
);

export const nameField = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters");

/** The drivers' own `ssl` option: `true`/`false`, or TLS settings. */
export const sslField = z.union([
  z.boolean(),
  z
    .object({
      rejectUnauthorized: z
        .boolean()
        .default(true)
        .describe(
          "Verify the server's certificate (its CA and host name) and refuse one that fails (default `true`; `false` encrypts without verifying)",
        ),
      ca: z.string().optional().describe("The CA certificate(s) to trust, as PEM text, in place of Node's bundled CAs"),
      servername: z.string().optional().describe("The host name the server's certificate must name (TLS SNI), when it differs from `host`"),
    })
    .strict(),
]);

export type SslSetting = z.infer<typeof sslField>;

export const passwordCredentials = z.object({ password: z.string().optional().describe("The database user's password") }).strict();

export type PasswordCredentials = z.infer<typeof passwordCredentials>;

export const noCredentials = z.object({}).strict();

/**
 * What to check for each failure, for a server connection made of these fields (host, port,
 * ssl, database, user) and password credentials.
 */
export const serverFailureHints: FailureHints = {
  unreachable: "check configuration.host and configuration.port, and that the server is running and accepts connections",
  tls: "check configuration.ssl against what the server offers (certificate, CA, or TLS off)",
  authentication: "check configuration.user and credentials.password",
  databaseMissing: "check configuration.database names a database that exists",
};

/** Accepts `10` and `"10"` alike. */
export function numberField(minimum: number, maximum: number) {
  return z.preprocess(
    numericStringToNumber,
    z.number().min(minimum, `must be at least ${minimum}`).max(maximum, `must be at most ${maximum}`),
  );
}
