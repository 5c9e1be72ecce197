import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Vendors, VendorType } from "../provider/vendors/registry";
import { connectionProvider } from "./providers";

/** Each field may be a plain value or a Pulumi output (stack config, another resource). */
type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** A vendor's `configuration`, as its schema in the registry accepts it (`ConfigurationArgs<"…">` with the vendor's `type`). */
export type ConfigurationArgs<Type extends VendorType> = Inputs<z.input<Vendors[Type]["configuration"]>>;

/**
 * A vendor's secret `credentials`, as its schema accepts them: a `password` for most servers;
 * key-pair fields or a service account key where the vendor takes them.
 */
export type CredentialsArgs<Type extends VendorType> = Inputs<z.input<Vendors[Type]["credentials"]>>;

export type RequiredPrivilegeArgs = { privilege: "createTable"; schema: string } | { privilege: "select" | "insert"; table: string };

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

/** One variant per vendor in the registry, told apart by `type`. */
export type ConnectionArgs = CommonConnectionArgs &
  {
    [Type in VendorType]: {
      type: Type;
      configuration: pulumi.Input<ConfigurationArgs<Type>>;
      credentials?: pulumi.Input<CredentialsArgs<Type>>;
    };
  }[VendorType];

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
