import { z } from "zod";

export const duckdbConfiguration = z
  .object({
    /** The database file, relative to the Pulumi program's directory, or `:memory:`. */
    path: z.string().min(1, "must name a database file, e.g. data/warehouse.duckdb, or :memory:"),
    readOnly: z.boolean().default(false),
  })
  .strict();

export type DuckdbConfiguration = z.infer<typeof duckdbConfiguration>;
