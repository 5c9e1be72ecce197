import * as pulumi from "@pulumi/pulumi";
import { PREVIEW_INPUT } from "../provider/core/unknown-values";
import type { Connection } from "./connection";
import { jobGroupProvider } from "./providers";

export interface JobStepArgs {
  /** A plain SQL name, unique within the job; failures name it. */
  name: pulumi.Input<string>;
  /** SQL run on the connection; `:name` refers to a run parameter, bound as a query parameter. */
  sql: pulumi.Input<string>;
}

export interface WriteSettingArgs {
  path: pulumi.Input<string>;
  action?: pulumi.Input<"create" | "append" | "overwrite">;
  format?: pulumi.Input<"csv" | "json" | "parquet">;
  compression?: pulumi.Input<"none" | "gzip">;
  header?: pulumi.Input<boolean>;
  delim?: pulumi.Input<string>;
  asSingleFile?: pulumi.Input<boolean>;
}

export interface JobGroupArgs {
  /** The connection the SQL runs on (push-down: the database does the work). */
  connection: Connection;
  /** Run in order; the last one is the result query, materialised as a table. */
  steps: pulumi.Input<pulumi.Input<JobStepArgs>[]>;
  runParameters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean | null>>>;
  /** Where the result is materialised (default: schema `dataplane`, table named after the resource). */
  output?: pulumi.Input<{ path?: pulumi.Input<pulumi.Input<string>[]>; table?: pulumi.Input<string> }>;
  overrides?: pulumi.Input<{ profiler?: pulumi.Input<boolean>; writeSettings?: pulumi.Input<pulumi.Input<WriteSettingArgs>[]> }>;
  /** The job's deadline; past it the running statement is cancelled in the database (default 3600). */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * The JobGroups whose result tables this job's SQL reads: it runs after them, and again
   * whenever any of them runs again (a new `runId`), so its result never goes stale.
   */
  sources?: JobGroup[];
  /** Any value; when it changes, the job runs again. */
  triggers?: pulumi.Input<unknown>;
  /**
   * Take over an existing table as the result: one that no resource recorded as its own, or
   * one another resource or stack owns. Never implied; without it such a table fails preview.
   */
  adopt?: pulumi.Input<boolean>;
}

export interface ResultColumnOutput {
  name: string;
  nativeType: string;
  /** The canonical type (`{ kind: "numeric", precision: 12, scale: 2 }`), where known: always for the result table after a run. */
  type?: { kind: string; precision?: number; scale?: number };
  /** Whether the column may hold NULL: known for the result table after a run, not from a query at preview. */
  nullable?: boolean;
}

export interface JobResultOutput {
  connectionId?: string;
  path: string[];
  table: string;
  rowCount?: number;
  columns?: ResultColumnOutput[];
  /** At preview, where the engine estimates it at no cost (a dry run): the bytes the job would process. */
  totalBytesProcessed?: number;
}

/**
 * SQL steps run on a connection, the last one's result materialised as a table. The SQL is
 * compiled against the live schema during preview; the job runs on create and whenever its
 * steps, parameters, connection, output, triggers or a source job's run change.
 */
export class JobGroup extends pulumi.dynamic.Resource {
  declare public readonly jobGroupId: pulumi.Output<string>;
  /** Changes on every run; publications of this job publish again when it does. */
  declare public readonly runId: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<"COMPLETE" | "DRIFTED">;
  declare public readonly jobs: pulumi.Output<
    Array<{ id: string; stage: "query" | "write" | "profile"; status: string; rowCount: number; durationMilliseconds: number }>
  >;
  declare public readonly jobGraph: pulumi.Output<{
    vertices: Array<{ id: string; stage: string }>;
    edges: Array<{ from: string; to: string }>;
  }>;
  declare public readonly result: pulumi.Output<JobResultOutput>;
  declare public readonly profile: pulumi.Output<
    Array<{ name: string; nullCount: number; min: string | null; max: string | null }> | undefined
  >;
  declare public readonly driftReason: pulumi.Output<string>;
  /** The connection as the job received it (its credentials stay secret). */
  declare public readonly connection: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: JobGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const { connection, sources, ...rest } = args;
    super(
      jobGroupProvider,
      name,
      {
        ...rest,
        resourceName: name,
        // What the result holds only after up (its row count) is unknown at preview, not undefined.
        [PREVIEW_INPUT]: pulumi.runtime.isDryRun(),
        // Whose result this is: recorded on the table and part of its default name, so two
        // stacks or projects of one program never share or drop each other's tables.
        pulumiStack: { project: pulumi.getProject(), stack: pulumi.getStack() },
        sources: (sources ?? []).map((source) => ({
          jobGroupId: source.jobGroupId,
          runId: source.runId,
          path: source.result.path,
          table: source.result.table,
        })),
        connection: {
          connectionId: connection.connectionId,
          type: connection.type,
          configuration: connection.configuration,
          credentials: connection.credentials,
        },
        jobGroupId: undefined,
        runId: undefined,
        status: undefined,
        jobs: undefined,
        jobGraph: undefined,
        result: undefined,
        profile: undefined,
        driftReason: undefined,
      },
      opts,
      "dataplane",
      "JobGroup",
    );
  }
}
