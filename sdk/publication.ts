import * as pulumi from "@pulumi/pulumi";
import type { Connection } from "./connection";
import type { JobGroup } from "./job-group";
import { publicationProvider } from "./providers";

export type PublicationAction = "create" | "load" | "createAndLoad" | "truncateAndLoad" | "dropAndLoad" | "upsert";

export interface PublicationArgs {
  /** The job whose result is published; a new run of it publishes again. */
  source: JobGroup;
  /** The target connection. */
  connection: Connection;
  /** The schema as a list (`["public"]`; a database where schemas are databases). */
  path: pulumi.Input<pulumi.Input<string>[]>;
  table: pulumi.Input<string>;
  action: pulumi.Input<PublicationAction>;
  /** Columns rows are matched on, for `upsert`. */
  keys?: pulumi.Input<pulumi.Input<string>[]>;
  /** What destroy does: `drop` (default for tables the publication created) or `keep` (default otherwise). */
  deleteBehavior?: pulumi.Input<"drop" | "keep">;
  /** Take over an existing table with a creating action; never implied. */
  adopt?: pulumi.Input<boolean>;
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * An engine that moves the rows instead of this process: a connection to a query engine whose
   * catalogs reach the job's database (`sourceCatalog`) and the target's (`targetCatalog`).
   * The publish then runs inside the engine (INSERT … SELECT across its catalogs) with no row
   * passing through the provider; what the target ends up holding is the same.
   */
  engine?: PublicationEngine;
}

export interface PublicationEngine {
  connection: Connection;
  sourceCatalog: pulumi.Input<string>;
  targetCatalog: pulumi.Input<string>;
}

/** A connection as the provider receives it: its identity, type, configuration and (secret) credentials. */
function referenceTo(connection: Connection) {
  return {
    connectionId: connection.connectionId,
    type: connection.type,
    configuration: connection.configuration,
    credentials: connection.credentials,
  };
}

/**
 * Publishes a JobGroup's result into a table through a target connection, atomically: a
 * failure at any point leaves the target as it was. Rows stream through the target's bulk
 * path; on the job's own database the work is pushed down as SQL.
 */
export class Publication extends pulumi.dynamic.Resource {
  declare public readonly publicationId: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<"PUBLISHED" | "DRIFTED">;
  declare public readonly rowCount: pulumi.Output<number>;
  declare public readonly publishedRunId: pulumi.Output<string>;
  declare public readonly createdTable: pulumi.Output<boolean>;
  declare public readonly targetColumns: pulumi.Output<Array<{ name: string; type: { kind: string }; nullable: boolean }>>;
  declare public readonly durationMilliseconds: pulumi.Output<number>;
  declare public readonly driftReason: pulumi.Output<string>;

  constructor(name: string, args: PublicationArgs, opts?: pulumi.CustomResourceOptions) {
    const { source, connection, engine, ...rest } = args;
    super(
      publicationProvider,
      name,
      {
        ...rest,
        resourceName: name,
        // Whose table this is: recorded on the tables the publication creates.
        pulumiStack: { project: pulumi.getProject(), stack: pulumi.getStack() },
        source: {
          jobGroupId: source.jobGroupId,
          runId: source.runId,
          connection: source.connection,
          // Field by field: at preview the job's row count is unknown, which would make the whole
          // result unknown here, and with it the columns the target check compares.
          result: {
            connectionId: source.result.connectionId,
            path: source.result.path,
            table: source.result.table,
            rowCount: source.result.rowCount,
            columns: source.result.columns,
          },
        },
        connection: referenceTo(connection),
        engine: engine && {
          connection: referenceTo(engine.connection),
          sourceCatalog: engine.sourceCatalog,
          targetCatalog: engine.targetCatalog,
        },
        publicationId: undefined,
        status: undefined,
        rowCount: undefined,
        publishedRunId: undefined,
        createdTable: undefined,
        targetColumns: undefined,
        durationMilliseconds: undefined,
        driftReason: undefined,
      },
      opts,
      "dataplane",
      "Publication",
    );
  }
}
