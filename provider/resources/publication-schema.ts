import { z } from "zod";
import { numberField } from "../core/configuration-fields";
import { identifierField } from "../core/identifiers";
import { pulumiStackSchema } from "../core/stack-identity";
import { vendors, VENDOR_TYPES } from "../vendors/registry";
import { connectionReferenceSchema } from "./connection-schema";

export const PUBLICATION_ACTIONS = ["create", "load", "createAndLoad", "truncateAndLoad", "dropAndLoad", "upsert"] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

const resultColumn = z
  .object({
    name: z.string().describe("The column's name"),
    nativeType: z.string().describe("The column's type in the job's database"),
  })
  .passthrough();

/** A JobGroup as a publication receives it: its run, its connection and where its result lives. */
export const jobReferenceSchema = z
  .object({
    jobGroupId: z.string().optional().describe("The JobGroup's id (its `jobGroupId` output)"),
    runId: z.string().optional().describe("The job's run (its `runId` output): a new one publishes again"),
    connection: connectionReferenceSchema.describe("The connection the job runs on, where its result table lives"),
    result: z
      .object({
        connectionId: z.string().optional().describe("The connection the result lives on"),
        path: z.array(identifierField).min(1).describe("The result table's schema, as a list"),
        table: identifierField.describe("The result table's name"),
        rowCount: z.number().optional().describe("The rows of the job's last run"),
        columns: z.array(resultColumn).optional().describe("The result's columns"),
      })
      .passthrough()
      .describe("Where the job's result lives and what it holds (the JobGroup's `result` output)"),
  })
  .strict()
  .describe("A JobGroup as a publication receives it: its run, its connection and where its result lives");

/** The connection types whose database can move rows between other databases. */
export const MOVER_TYPES = VENDOR_TYPES.filter((type) => vendors[type].rowMover !== undefined);

/**
 * An engine that moves the rows instead of the provider: its connectors read the job's result
 * and write the target, so no row passes through this process.
 */
const engineSchema = z
  .object({
    connection: connectionReferenceSchema.describe(
      "The engine's connection: a query engine whose catalogs reach both the job's database and the target's",
    ),
    sourceCatalog: identifierField.describe("The engine's catalog that reaches the job's database (where the job's result table is)"),
    targetCatalog: identifierField.describe("The engine's catalog that reaches the target connection's database"),
  })
  .strict()
  .describe("Moves the rows inside a query engine (INSERT … SELECT across its catalogs) instead of streaming them through the provider");

export type EngineInputs = z.infer<typeof engineSchema>;

export const publicationInputsSchema = z
  .object({
    resourceName: z.string().optional(),
    source: jobReferenceSchema.describe("The job whose result is published (a JobGroup's `reference`); a new run of it publishes again"),
    connection: connectionReferenceSchema.describe("The target connection (a Connection's `reference`)"),
    // Its length is judged by the connection's vendor (checkPathShape), which names the forms it takes.
    path: z.array(identifierField).describe("The target's schema as a list (`[public]`; a database where schemas are databases)"),
    table: identifierField.describe("The target table"),
    action: z.enum(PUBLICATION_ACTIONS).describe("How the rows reach the target"),
    keys: z.array(identifierField).default([]).describe("The columns rows are matched on, for `upsert`"),
    deleteBehavior: z
      .enum(["drop", "keep"])
      .optional()
      .describe("What destroy does: `drop` (default for tables the publication created) or `keep` (default otherwise)"),
    adopt: z.boolean().default(false).describe("Take over an existing table with a creating action; never implied"),
    timeoutSeconds: numberField(1, 86_400)
      .default(3600)
      .describe("The publish's deadline; past it the running statement is cancelled (default 3600)"),
    engine: engineSchema.optional(),
    /** Set by the sdk: whose table this is, recorded on the tables the publication creates. */
    pulumiStack: pulumiStackSchema,
  })
  .strict()
  .superRefine((inputs, context) => {
    if (inputs.action === "upsert" && inputs.keys.length === 0) {
      context.addIssue({ code: "custom", path: ["keys"], message: "must name the key columns rows are matched on when action is upsert" });
    }
    if (inputs.engine && !MOVER_TYPES.includes(inputs.engine.connection.type)) {
      context.addIssue({
        code: "custom",
        path: ["engine", "connection"],
        message: `must be a connection to an engine that moves rows between its catalogs (of type ${MOVER_TYPES.join(" or ")}); a ${inputs.engine.connection.type} connection cannot: remove engine to stream the rows, or name such a connection`,
      });
    }
    if (inputs.action !== "upsert" && inputs.keys.length > 0) {
      context.addIssue({ code: "custom", path: ["keys"], message: "only applies to action upsert: remove it or use upsert" });
    }
  });

export type PublicationInputs = z.infer<typeof publicationInputsSchema>;

/** Inputs whose change publishes again (the source's run included); credentials inside them never do. */
export const REPUBLISH_INPUTS = ["source", "connection", "path", "table", "action", "keys"] as const;
/** `engine` changes only how rows move, not what the target holds: its change publishes nothing again. */
export const COMPARED_PUBLICATION_INPUTS = [...REPUBLISH_INPUTS, "deleteBehavior", "adopt", "timeoutSeconds", "engine"] as const;
