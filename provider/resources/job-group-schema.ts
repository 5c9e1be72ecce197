import { z } from "zod";
import { numberField } from "../core/configuration-fields";
import { identifierField } from "../core/identifiers";
import { connectionReferenceSchema } from "./connection-schema";

const stepSchema = z
  .object({
    name: identifierField,
    sql: z.string().min(1, "must hold a SQL statement"),
  })
  .strict();

const parameterValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const writeSettingSchema = z
  .object({
    path: z.string().min(1, "must name the file (or folder, when asSingleFile is false) to write"),
    action: z.enum(["create", "append", "overwrite"]).default("create"),
    format: z.enum(["csv", "json", "parquet"]).default("csv"),
    compression: z.enum(["none", "gzip"]).default("none"),
    header: z.boolean().default(true),
    delim: z.string().length(1, "must be one character").default(","),
    asSingleFile: z.boolean().default(true),
  })
  .strict()
  .refine((setting) => !(setting.format === "parquet" && setting.action === "append"), {
    message: "parquet files cannot be appended to: use action overwrite or create",
    path: ["action"],
  });

export const jobGroupInputsSchema = z
  .object({
    resourceName: z.string().optional(),
    connection: connectionReferenceSchema,
    steps: z.array(stepSchema).min(1, "must hold at least one step; the last one is the result query"),
    runParameters: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "names a parameter"), parameterValue).default({}),
    output: z
      .object({ path: z.array(identifierField).min(1).max(2).optional(), table: identifierField.optional() })
      .strict()
      .default({}),
    overrides: z
      .object({
        profiler: z.boolean().default(false),
        writeSettings: z.array(writeSettingSchema).default([]),
      })
      .strict()
      .default({ profiler: false, writeSettings: [] }),
    timeoutSeconds: numberField(1, 86_400).default(3600),
    triggers: z.unknown().optional(),
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
export type WriteSetting = JobGroupInputs["overrides"]["writeSettings"][number];

/** Inputs whose change runs the job again; the connection's credentials never do. */
export const RERUN_INPUTS = ["connection", "steps", "runParameters", "output", "triggers"] as const;

/** Inputs compared by diff; none is an identity: a job is updated (and re-run) in place. */
export const COMPARED_JOB_INPUTS = [...RERUN_INPUTS, "overrides", "timeoutSeconds"] as const;
