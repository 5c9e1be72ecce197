import { z } from "zod";

/*
 * What each resource reports beyond its inputs, with the words a user reads: the package
 * schema (plugin/schema.ts) is generated from these, as its inputs are from the input schemas.
 */

const canonicalType = z
  .object({
    kind: z.string().describe("The type's kind, e.g. `integer`, `numeric`, `text` or `timestamptz`"),
    precision: z.number().optional().describe("A `numeric`'s total digits, when the type fixes them"),
    scale: z.number().optional().describe("A `numeric`'s digits after the decimal point, when the type fixes them"),
  })
  .describe("A column's canonical type, e.g. `{ kind: numeric, precision: 12, scale: 2 }`");

export const connectionOutputsSchema = z.object({
  connectionId: z.string().describe("The connection's id, fixed for its life"),
  serverVersion: z.string().describe("The version the server reported at the last test"),
  tables: z.array(z.string()).describe("The indexed tables, as `schema.table`"),
  indexingStatus: z.enum(["INDEXED", "SKIPPED", "FAILED"]).describe("Whether the tables were indexed"),
  attributes: z
    .object({
      dialectName: z.string().describe("The SQL dialect of the database"),
      canPersist: z.boolean().describe("The user may create tables where this connection writes"),
      canStream: z.boolean().describe("Results can be streamed rather than read whole"),
    })
    .describe("What the connection's database can do"),
  status: z.string().describe("`OK`, or the kind of the last failure (`authentication`, `unreachable`, ...)"),
  statusMessage: z.string().describe("What the last test said"),
});

const jobResult = z
  .object({
    connectionId: z.string().optional().describe("The connection the result lives on"),
    path: z.array(z.string()).describe("The result table's schema, as a list"),
    table: z.string().describe("The result table's name"),
    rowCount: z.number().optional().describe("The rows of the last run"),
    columns: z
      .array(
        z.object({
          name: z.string().describe("The column's name"),
          nativeType: z.string().describe("The column's type in the database"),
          type: canonicalType.optional(),
          nullable: z.boolean().optional().describe("Whether the column may hold NULL (known after a run)"),
        }),
      )
      .optional()
      .describe("The result's columns"),
    totalBytesProcessed: z
      .number()
      .optional()
      .describe("At preview, where the engine estimates it at no cost: the bytes the job would process"),
  })
  .describe("Where the job's result lives and what it holds");

export const jobGroupOutputsSchema = z.object({
  jobGroupId: z.string().describe("The job's id, fixed for its life"),
  runId: z.string().describe("Changes on every run; publications of this job publish again when it does"),
  status: z.enum(["COMPLETE", "DRIFTED"]).describe("`DRIFTED` when a refresh found the result table changed or gone"),
  jobs: z
    .array(
      z.object({
        id: z.string().describe("The stage's id, unique within the run"),
        stage: z.enum(["query", "write", "profile"]),
        status: z.string().describe("How the stage ended: `COMPLETE`"),
        rowCount: z.number().describe("The rows of the result"),
        durationMilliseconds: z.number().describe("How long the stage took, in milliseconds"),
      }),
    )
    .describe("The last run's stages, with their rows and durations"),
  jobGraph: z
    .object({
      vertices: z
        .array(
          z.object({
            id: z.string().describe("The stage's id, as in `jobs`"),
            stage: z.string().describe("The stage's kind: `query`, `write` or `profile`"),
          }),
        )
        .describe("One per stage"),
      edges: z
        .array(
          z.object({
            from: z.string().describe("The id of the stage that runs first"),
            to: z.string().describe("The id of the stage that runs after it"),
          }),
        )
        .describe("From each stage to the next, in the order they ran"),
    })
    .describe("The last run's stages as a graph"),
  result: jobResult,
  profile: z
    .array(
      z.object({
        name: z.string().describe("The column's name"),
        nullCount: z.number().describe("How many of its values are NULL"),
        min: z.string().nullable().describe("Its least value, as text (null when the type has no order, or the column holds only NULLs)"),
        max: z
          .string()
          .nullable()
          .describe("Its greatest value, as text (null when the type has no order, or the column holds only NULLs)"),
      }),
    )
    .optional()
    .describe("Per column: NULLs, least and greatest value (with `overrides.profiler`)"),
  driftReason: z.string().describe("What a refresh found changed, when `status` is `DRIFTED`"),
});

export const publicationOutputsSchema = z.object({
  publicationId: z.string().describe("The publication's id, fixed for its life"),
  status: z
    .enum(["PUBLISHED", "DRIFTED", "IMPORTED"])
    .describe("`DRIFTED` when a refresh found the target changed or gone; `IMPORTED` after an import, until the first publish"),
  rowCount: z.number().describe("The rows the last publish wrote"),
  publishedRunId: z.string().describe("The job run the target holds"),
  createdTable: z.boolean().describe("The publication created the target table (destroy drops it by default)"),
  targetColumns: z
    .array(
      z.object({
        name: z.string().describe("The column's name"),
        type: canonicalType,
        nullable: z.boolean().describe("Whether the column may hold NULL"),
      }),
    )
    .describe("The target table's columns after the last publish"),
  durationMilliseconds: z.number().describe("How long the last publish took"),
  driftReason: z.string().describe("What a refresh found changed, when `status` is `DRIFTED`"),
});
