import { z } from "zod";
import type { PathShape } from "../../core/path-shape";

export const duckdbConfiguration = z
  .object({
    /** The database file, relative to the Pulumi program's directory, or `:memory:`. */
    path: z
      .string()
      .min(1, "must name a database file, e.g. data/warehouse.duckdb, or :memory:")
      .describe("The database file, relative to the Pulumi program's directory (e.g. `data/warehouse.duckdb`), or `:memory:`"),
    readOnly: z.boolean().default(false).describe("Open the database file read-only: the connection cannot write (default `false`)"),
  })
  .strict();

export type DuckdbConfiguration = z.infer<typeof duckdbConfiguration>;

/**
 * A schema of the connection's own database file. [catalog, schema] is not offered: tables
 * are described in the current database only, so another catalog's table would be misread.
 */
export const duckdbPathShape: PathShape<DuckdbConfiguration> = { forms: [["schema"]] };
