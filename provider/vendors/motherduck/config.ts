import { z } from "zod";
import type { PathShape } from "../../core/path-shape";

/**
 * The MotherDuck database a connection opens: its name alone (the engine opens `md:<name>`).
 * Options such as the token are never written into the name, where they would travel in a
 * path (`md:db?motherduck_token=…`): the token is a credential, given to the engine apart.
 */
const databaseField = z
  .string()
  .max(255, "must be at most 255 characters")
  .superRefine((name, context) => {
    const problem =
      name.length === 0
        ? "must name a MotherDuck database, e.g. analytics (the engine opens md:analytics)"
        : /^md:/i.test(name)
          ? "must be the database name alone, without the md: prefix (the engine adds it)"
          : !/^[^?&=:/\\\s]+$/.test(name)
            ? "must be a database name alone, with no ?, &, =, :, / or spaces: options are not given in the name, and the token goes in credentials.token"
            : undefined;
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

export const motherduckConfiguration = z
  .object({
    database: databaseField.describe("The MotherDuck database's name alone, e.g. `analytics` (opened as `md:analytics`)"),
    readOnly: z.boolean().default(false).describe("Open the database read-only: the connection cannot write (default `false`)"),
  })
  .strict();

export type MotherduckConfiguration = z.infer<typeof motherduckConfiguration>;

export const motherduckCredentials = z
  .object({
    token: z
      .string()
      .min(1, "must be a MotherDuck access token (MotherDuck's settings, Access Tokens), kept as a secret")
      .describe("A MotherDuck access token of the account that holds the database (MotherDuck's settings, Access Tokens)"),
  })
  .strict();

export type MotherduckCredentials = z.infer<typeof motherduckCredentials>;

/**
 * A schema of the connection's own MotherDuck database, as DuckDB's. [database, schema] is not
 * offered: another database of the account would need an ATTACH the connection does not make.
 */
export const motherduckPathShape: PathShape<MotherduckConfiguration> = { forms: [["schema"]] };
