import { z } from "zod";
import { numberField } from "../core/configuration-fields";
import { identifierField } from "../core/identifiers";
import { pulumiStackSchema } from "../core/stack-identity";
import { connectionReferenceSchema } from "./connection-schema";

const stepSchema = z
  .object({
    name: identifierField.describe("A plain SQL name, unique within the job; failures name it"),
    sql: z.string().min(1, "must hold a SQL statement").describe("SQL run on the connection; `:name` refers to a run parameter"),
  })
  .strict()
  .describe("One SQL step of a job");

/**
 * A number crosses the Pulumi engine as a protobuf double: an integer beyond 2^53 arrives
 * already rounded (a bigint cannot be passed at all), so it is refused rather than bound wrong.
 */
const parameterNumber = z.number().refine((value) => !Number.isInteger(value) || Number.isSafeInteger(value), {
  message:
    "is an integer beyond ±9,007,199,254,740,991, which reaches the provider rounded: pass it as a string (in quotes) and cast it in the SQL, e.g. cast(:name as numeric)",
});

/** A bigint in the program reaches the provider as `{}` (the SDK serialises it as an empty object). */
const parameterValue = z.union([z.string(), parameterNumber, z.boolean(), z.null()], {
  error:
    "must be a string, a number, true, false or null (a bigint arrives as an empty object: pass it as a string and cast it in the SQL)",
});

const writeSettingSchema = z
  .object({
    path: z
      .string()
      .min(1, "must name the file (or folder, when asSingleFile is false) to write")
      .describe("The file to write, relative to the Pulumi program's directory; a folder when `asSingleFile` is `false`"),
    action: z.enum(["create", "append", "overwrite"]).default("create"),
    format: z.enum(["csv", "json", "parquet"]).default("csv"),
    compression: z.enum(["none", "gzip"]).default("none"),
    header: z
      .boolean()
      .default(true)
      .describe("Start a CSV file with a row of column names (default `true`; never when appending to an existing file)"),
    delim: z.string().length(1, "must be one character").default(",").describe("The CSV field delimiter, one character (default `,`)"),
    asSingleFile: z
      .boolean()
      .default(true)
      .describe("Write one file (default `true`); `false` writes a folder of files, one per writer thread"),
  })
  .strict()
  .refine((setting) => !(setting.format === "parquet" && setting.action === "append"), {
    message: "parquet files cannot be appended to: use action overwrite or create",
    path: ["action"],
  });

/**
 * A JobGroup this job reads: its run id (a new one re-runs this job) and where its result
 * lives. The sdk fills it in from `sources: [otherJob]`.
 */
const jobSourceSchema = z
  .object({
    jobGroupId: z.string().optional(),
    runId: z.string().min(1, "must be the source job's runId (pass the JobGroup itself in sources)"),
    path: z.array(identifierField).min(1),
    table: identifierField,
  })
  .strict();

export const jobGroupInputsSchema = z
  .object({
    resourceName: z.string().optional(),
    connection: connectionReferenceSchema.describe(
      "The connection the SQL runs on (a Connection's `reference`): the database does the work",
    ),
    steps: z
      .array(stepSchema)
      .min(1, "must hold at least one step; the last one is the result query")
      .describe("Run in order; the last one is the result query, materialised as a table"),
    runParameters: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "names a parameter"), parameterValue)
      .default({})
      .describe("Values the SQL names as `:name`, bound as query parameters"),
    output: z
      // Its length is judged by the connection's vendor (checkPathShape), which names the forms it takes.
      .object({
        path: z
          .array(identifierField)
          .optional()
          .describe("The result table's schema, as a list (default: the connection's, e.g. `[dataplane]`)"),
        table: identifierField.optional().describe("The result table's name (default: one made from the resource's name)"),
      })
      .strict()
      .default({})
      .describe("Where the result is materialised (default: schema `dataplane`, a table named after the resource)"),
    overrides: z
      .object({
        profiler: z
          .boolean()
          .default(false)
          .describe("Profile the result's columns after each run into the `profile` output (default `false`)"),
        writeSettings: z.array(writeSettingSchema).default([]).describe("Files the result is written to after each run, one per setting"),
      })
      .strict()
      .default({ profiler: false, writeSettings: [] })
      .describe("A column profile of the result, and files the result is written to"),
    timeoutSeconds: numberField(1, 86_400)
      .default(3600)
      .describe("The job's deadline; past it the running statement is cancelled in the database (default 3600)"),
    sources: z
      .array(jobSourceSchema)
      .default([])
      .describe("The jobs whose result tables this job's SQL reads: it runs after them, and again whenever any of them runs again"),
    triggers: z.unknown().optional().describe("Any value; when it changes, the job runs again"),
    adopt: z
      .boolean()
      .default(false)
      .describe("Take over an existing table as the result (one no resource recorded, or another resource's); never implied"),
    /** Set by the sdk: whose result this is, recorded on the table and part of its default name. */
    pulumiStack: pulumiStackSchema,
  })
  .strict()
  .superRefine((inputs, context) => {
    const names = inputs.steps.map((step) => step.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        context.addIssue({ code: "custom", path: ["steps", index, "name"], message: "repeats another step's name: names must be unique" });
      }
    });
  });

export type JobGroupInputs = z.infer<typeof jobGroupInputsSchema>;
export type JobSource = JobGroupInputs["sources"][number];
export type WriteSetting = JobGroupInputs["overrides"]["writeSettings"][number];

/** Inputs whose change runs the job again (a source job's new run included); the connection's credentials never do. */
export const RERUN_INPUTS = ["connection", "steps", "runParameters", "output", "sources", "triggers"] as const;

/** Inputs compared by diff; none is an identity: a job is updated (and re-run) in place. */
export const COMPARED_JOB_INPUTS = [...RERUN_INPUTS, "overrides", "timeoutSeconds"] as const;
