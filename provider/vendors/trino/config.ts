import { z } from "zod";
import type { PathShape } from "../../core/path-shape";
import { nameField } from "../../core/configuration-fields";

export interface TrinoConfiguration {
  /** The coordinator's URL, without a trailing slash: `https://trino.internal:8443`. */
  server: string;
  catalog?: string;
  schema?: string;
  user: string;
}

const serverField = z.string().transform((text, context) => {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    context.addIssue({ code: "custom", message: "must be the coordinator's URL, such as https://trino.internal:8443" });
    return z.NEVER;
  }
  if (url.username || url.password) {
    context.addIssue({ code: "custom", message: "must not contain a user or password: use configuration.user and credentials.password" });
    return z.NEVER;
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    context.addIssue({ code: "custom", message: "must hold only the scheme, host and port of the coordinator" });
    return z.NEVER;
  }
  // `http://h:8080/` and `http://h:8080` are one server; URL() also lower-cases the host.
  return url.origin;
});

export const trinoConfiguration = z
  .object({
    server: serverField.describe("The coordinator's URL: scheme, host and port only, e.g. `https://trino.internal:8443`"),
    catalog: nameField
      .optional()
      .describe("The session's default catalog: a path of one name (`[schema]`) is a schema of it; required with `schema`"),
    schema: nameField
      .optional()
      .describe(
        "The session's default schema, in `catalog`; jobs write their results there unless `output.path` names another (default `dataplane`)",
      ),
    user: nameField.describe("The user queries run as"),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.schema !== undefined && value.catalog === undefined) {
      context.addIssue({ code: "custom", path: ["catalog"], message: "is required when configuration.schema is set" });
    }
  })
  .transform((value): TrinoConfiguration => value);

/** Trino takes a password (HTTP basic authentication) only over https. */
export const trinoCredentials = z
  .object({
    password: z
      .string()
      .min(1, "must not be empty")
      .optional()
      .describe("The user's password, sent by HTTP basic authentication: needs an `https://` server"),
  })
  .strict();

export type TrinoCredentials = z.infer<typeof trinoCredentials>;

/** A catalog and a schema, or a schema of the connection's catalog (configuration.catalog). */
export const trinoPathShape: PathShape<TrinoConfiguration> = {
  forms: [["schema"], ["catalog", "schema"]],
  fits: (path, configuration) =>
    path.length === 1 && configuration.catalog === undefined
      ? "names no catalog and configuration.catalog is not set: give [catalog, schema], or set configuration.catalog"
      : undefined,
};
