import { z } from "zod";
import { nameField, numberField } from "../core/configuration-fields";
import { tablePatternField } from "../core/table-patterns";
import { vendorSchemas } from "../vendors/configurations";
import { VENDOR_TYPES, type VendorType } from "../vendors/registry";
import type { CheckFailure } from "../core/validation";

const requiredPrivilege = z.discriminatedUnion("privilege", [
  z.object({ privilege: z.literal("createTable"), schema: nameField }).strict(),
  z.object({ privilege: z.literal("select"), table: nameField }).strict(),
  z.object({ privilege: z.literal("insert"), table: nameField }).strict(),
]);

const commonFields = {
  /** The Pulumi resource name, passed by the sdk so provider output lines can name it. */
  resourceName: z.string().optional(),
  includeTables: z.array(tablePatternField).default(["*"]),
  excludeTables: z.array(tablePatternField).default([]),
  excludeAllTables: z.boolean().default(false),
  dryRun: z.enum(["error", "warn", "off"]).default("error"),
  testTimeoutSeconds: numberField(0.1, 600).default(10),
  requirePrivileges: z.array(requiredPrivilege).default([]),
};

/** What identifies a vendor's connection: its type, configuration and credentials. */
function vendorFields<Type extends VendorType>(type: Type) {
  const { configuration, credentials } = vendorSchemas[type];
  return {
    type: z.literal(type),
    configuration,
    credentials: z.preprocess((value) => value ?? {}, credentials),
  };
}

function variant<Type extends VendorType>(type: Type) {
  return z.object({ ...vendorFields(type), ...commonFields }).strict();
}

/** Connection inputs: one variant per vendor, discriminated by `type`. */
export const connectionInputsSchema = z.discriminatedUnion("type", [
  variant("postgres"),
  variant("redshift"),
  variant("mysql"),
  variant("duckdb"),
  variant("snowflake"),
  variant("bigquery"),
  variant("trino"),
]);

export type ConnectionInputs = z.infer<typeof connectionInputsSchema>;

function referenceVariant<Type extends VendorType>(type: Type) {
  return z.object({ connectionId: z.string().optional(), ...vendorFields(type) }).strict();
}

/**
 * A connection as jobs and publications receive it: the sdk passes the Connection's
 * identity, type, configuration and (secret) credentials, since a dynamic provider cannot
 * look another resource up.
 */
export const connectionReferenceSchema = z.discriminatedUnion("type", [
  referenceVariant("postgres"),
  referenceVariant("redshift"),
  referenceVariant("mysql"),
  referenceVariant("duckdb"),
  referenceVariant("snowflake"),
  referenceVariant("bigquery"),
  referenceVariant("trino"),
]);

export type ConnectionReference = z.infer<typeof connectionReferenceSchema>;

/** Inputs compared by diff; a change of `type` is a change of identity and replaces. */
export const COMPARED_INPUTS = [
  "type",
  "configuration",
  "credentials",
  "includeTables",
  "excludeTables",
  "excludeAllTables",
  "dryRun",
  "testTimeoutSeconds",
  "requirePrivileges",
] as const;

export const IDENTITY_INPUTS = ["type"] as const;

/** A clear word on `type` before the union is tried, so users are told what exists. */
export function checkType(type: unknown): CheckFailure | undefined {
  if (typeof type === "string" && (VENDOR_TYPES as readonly string[]).includes(type)) return undefined;
  return { property: "type", reason: `type must be one of ${VENDOR_TYPES.join(", ")}` };
}
