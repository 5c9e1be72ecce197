import { z } from "zod";
import { nameField, numberField } from "../core/configuration-fields";
import { tablePatternField } from "../core/table-patterns";
import { isVendorType, VENDOR_TYPES, vendors, type Vendors, type VendorType } from "../vendors/registry";
import type { CheckFailure } from "../core/validation";

/** One description for `select` and `insert`, so the package schema's merged type holds one `table`. */
const privilegeTable = nameField.describe("The table to prove `select` or `insert` on: `table` or `schema.table`");

const requiredPrivilege = z.discriminatedUnion("privilege", [
  z
    .object({
      privilege: z.literal("createTable"),
      schema: nameField.describe("The schema to prove `createTable` in"),
    })
    .strict(),
  z.object({ privilege: z.literal("select"), table: privilegeTable }).strict(),
  z.object({ privilege: z.literal("insert"), table: privilegeTable }).strict(),
]);

const commonFields = {
  /** The Pulumi resource name, passed by the sdk so provider output lines can name it. */
  resourceName: z.string().optional(),
  includeTables: z
    .array(tablePatternField)
    .default(["*"])
    .describe("Tables to index: `schema.table`, `schema.*`, `*.table` or `*` (default: all)"),
  excludeTables: z.array(tablePatternField).default([]).describe("Tables left out of the index, in the same patterns"),
  excludeAllTables: z.boolean().default(false).describe("Index no tables at all"),
  dryRun: z
    .enum(["error", "warn", "off"])
    .default("error")
    .describe("What a failed live test does during preview: fail it (default), warn, or skip the test"),
  testTimeoutSeconds: numberField(0.1, 600).default(10).describe("Deadline for the live test, in seconds (default 10)"),
  requirePrivileges: z
    .array(requiredPrivilege)
    .default([])
    .describe("Privileges the test must prove, e.g. `{ privilege: createTable, schema: analytics }`"),
};

/** What identifies a vendor's connection: its type, configuration and credentials. */
function vendorFields<Type extends VendorType>(type: Type) {
  const { configuration, credentials } = vendors[type];
  return {
    type: z.literal(type).describe("The database's kind"),
    configuration: (configuration as z.ZodType).describe("Where and how to reach the database"),
    credentials: z
      .preprocess((value) => value ?? {}, (credentials as z.ZodType).default({}))
      .describe("What the connection logs in with (secret)"),
  };
}

/** What one vendor's variant holds once parsed, from the registry's own schema types. */
type VendorVariant<Type extends VendorType> = {
  type: Type;
  configuration: z.output<Vendors[Type]["configuration"]>;
  credentials: z.output<Vendors[Type]["credentials"]>;
};

/** One variant per registered vendor, discriminated by `type`; a new vendor changes nothing here. */
function unionOf<Variant extends z.ZodObject>(variant: (type: VendorType) => Variant) {
  const [first, ...rest] = VENDOR_TYPES.map(variant);
  return z.discriminatedUnion("type", [first, ...rest]);
}

const commonObject = z.object(commonFields);

/** Connection inputs: one variant per vendor, discriminated by `type`. */
export const connectionInputsSchema = unionOf((type) =>
  z.object({ ...vendorFields(type), ...commonFields }).strict(),
) as unknown as z.ZodType<{ [Type in VendorType]: VendorVariant<Type> & z.output<typeof commonObject> }[VendorType]>;

export type ConnectionInputs = z.infer<typeof connectionInputsSchema>;

/**
 * A connection as jobs and publications receive it: the sdk passes the Connection's
 * identity, type, configuration and (secret) credentials, since a dynamic provider cannot
 * look another resource up.
 */
export const connectionReferenceSchema = unionOf((type) =>
  z
    .object({
      connectionId: z.string().optional().describe("The Connection's id (its `connectionId` output)"),
      ...vendorFields(type),
    })
    .strict(),
) as unknown as z.ZodType<{ [Type in VendorType]: VendorVariant<Type> & { connectionId?: string } }[VendorType]>;

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
  if (isVendorType(type)) return undefined;
  return { property: "type", reason: `type must be one of ${VENDOR_TYPES.join(", ")}` };
}
