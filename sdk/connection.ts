import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { duckdbConfiguration } from "../provider/vendors/duckdb/config";
import type { mysqlConfiguration } from "../provider/vendors/mysql/config";
import type { postgresConfiguration } from "../provider/vendors/postgres/config";
import type { bigqueryConfiguration, bigqueryCredentials } from "../provider/vendors/bigquery/config";
import type { snowflakeConfiguration, snowflakeCredentials } from "../provider/vendors/snowflake/config";
import type { trinoConfiguration, trinoCredentials } from "../provider/vendors/trino/config";
import { connectionProvider } from "./providers";

/** Each field may be a plain value or a Pulumi output (stack config, another resource). */
type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export type PostgresConfigurationArgs = Inputs<z.input<typeof postgresConfiguration>>;
export type MysqlConfigurationArgs = Inputs<z.input<typeof mysqlConfiguration>>;
export type DuckdbConfigurationArgs = Inputs<z.input<typeof duckdbConfiguration>>;
export type SnowflakeConfigurationArgs = Inputs<z.input<typeof snowflakeConfiguration>>;
export type BigqueryConfigurationArgs = Inputs<z.input<typeof bigqueryConfiguration>>;
export type TrinoConfigurationArgs = Inputs<z.input<typeof trinoConfiguration>>;

/** `password`, or key-pair authentication: `privateKey` (PKCS#8 PEM) and its `privateKeyPassphrase` if encrypted. */
export type SnowflakeCredentialsArgs = Inputs<z.input<typeof snowflakeCredentials>>;
/** `serviceAccountKeyJson`: a service account's key file as text; omitted, application-default credentials. */
export type BigqueryCredentialsArgs = Inputs<z.input<typeof bigqueryCredentials>>;
export type TrinoCredentialsArgs = Inputs<z.input<typeof trinoCredentials>>;

export interface PasswordCredentialsArgs {
  password?: pulumi.Input<string>;
}

export type RequiredPrivilegeArgs =
  | { privilege: "createTable"; schema: string }
  | { privilege: "select" | "insert"; table: string };

interface CommonConnectionArgs {
  /** Tables to index: `schema.table`, `schema.*`, `*.table` or `*` (default: all). */
  includeTables?: pulumi.Input<pulumi.Input<string>[]>;
  excludeTables?: pulumi.Input<pulumi.Input<string>[]>;
  /** Index no tables at all. */
  excludeAllTables?: pulumi.Input<boolean>;
  /** What a failed live test does during preview: fail it (default), warn, or skip the test. */
  dryRun?: pulumi.Input<"error" | "warn" | "off">;
  /** Deadline for the live test (default 10). */
  testTimeoutSeconds?: pulumi.Input<number>;
  /** Privileges the test must prove, e.g. `{ privilege: "createTable", schema: "analytics" }`. */
  requirePrivileges?: pulumi.Input<pulumi.Input<RequiredPrivilegeArgs>[]>;
}

export type ConnectionArgs = CommonConnectionArgs &
  (
    | { type: "postgres" | "redshift"; configuration: pulumi.Input<PostgresConfigurationArgs>; credentials?: pulumi.Input<PasswordCredentialsArgs> }
    | { type: "mysql"; configuration: pulumi.Input<MysqlConfigurationArgs>; credentials?: pulumi.Input<PasswordCredentialsArgs> }
    | { type: "duckdb"; configuration: pulumi.Input<DuckdbConfigurationArgs>; credentials?: pulumi.Input<Record<string, never>> }
    | { type: "snowflake"; configuration: pulumi.Input<SnowflakeConfigurationArgs>; credentials?: pulumi.Input<SnowflakeCredentialsArgs> }
    | { type: "bigquery"; configuration: pulumi.Input<BigqueryConfigurationArgs>; credentials?: pulumi.Input<BigqueryCredentialsArgs> }
    | { type: "trino"; configuration: pulumi.Input<TrinoConfigurationArgs>; credentials?: pulumi.Input<TrinoCredentialsArgs> }
  );

export interface ConnectionAttributes {
  dialectName: string;
  /** The user may create tables where this connection writes. */
  canPersist: boolean;
  /** Results can be streamed rather than read whole. */
  canStream: boolean;
}

/**
 * A database connection, validated and tested live during `pulumi preview`, with the tables
 * it may see indexed on create and refresh.
 */
export class Connection extends pulumi.dynamic.Resource {
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<string>;
  declare public readonly configuration: pulumi.Output<Record<string, unknown>>;
  declare public readonly serverVersion: pulumi.Output<string>;
  declare public readonly tables: pulumi.Output<string[]>;
  declare public readonly indexingStatus: pulumi.Output<"INDEXED" | "SKIPPED" | "FAILED">;
  declare public readonly attributes: pulumi.Output<ConnectionAttributes>;
  /** `OK`, or the kind of the last failure (`authentication`, `unreachable`, ...). */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly statusMessage: pulumi.Output<string>;
  /** Secret: what jobs and publications on this connection log in with. */
  declare public readonly credentials: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      connectionProvider,
      name,
      {
        ...args,
        resourceName: name,
        // Always present and always secret, even when omitted (then the stored ones are kept).
        credentials: pulumi.secret(args.credentials ?? {}),
        connectionId: undefined,
        serverVersion: undefined,
        tables: undefined,
        indexingStatus: undefined,
        attributes: undefined,
        status: undefined,
        statusMessage: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials"] },
      "dataplane",
      "Connection",
    );
  }
}
