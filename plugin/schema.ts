import { z } from "zod";
import { connectionInputsSchema, connectionReferenceSchema, IDENTITY_INPUTS } from "../provider/resources/connection-schema";
import { jobGroupInputsSchema } from "../provider/resources/job-group-schema";
import { connectionOutputsSchema, jobGroupOutputsSchema, publicationOutputsSchema } from "../provider/resources/output-schemas";
import { jobReferenceSchema, publicationInputsSchema } from "../provider/resources/publication-schema";
import { type JsonSchema, type ObjectTypeSpec, type PropertySpec, pulumiTypes } from "./json-schema-to-pulumi";

/** Inputs this face fills in itself (from the URN), never the program. */
const FILLED_BY_THE_PROVIDER = ["resourceName", "pulumiStack"];
/** Properties holding credentials: secret wherever they appear. */
const SECRET_PROPERTIES = ["credentials", "reference"];

const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output"): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

/** `schema` (an object or a union of objects) without the properties in `left`. */
function without(schema: JsonSchema, left: readonly string[]): JsonSchema {
  const members = schema.oneOf ?? schema.anyOf;
  if (members)
    return {
      ...schema,
      ...(schema.oneOf
        ? { oneOf: members.map((member) => without(member, left)) }
        : { anyOf: members.map((member) => without(member, left)) }),
    };
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([key]) => !left.includes(key)));
  return { ...schema, properties, required: schema.required?.filter((key) => !left.includes(key)) };
}

interface ResourceDescription {
  name: string;
  description: string;
  inputs: z.ZodType;
  outputs: z.ZodObject;
  /** Input properties whose change replaces the resource. */
  replacedOnChange: readonly string[];
  /** The `reference` output another resource takes whole, when the resource has one. */
  reference?: { schema: z.ZodType; typeName: string; description: string };
  /** Inputs whose type is another resource's `reference` rather than what the provider code reads. */
  takesReferences?: Record<string, { typeName: string; list: boolean }>;
}

const RESOURCES: readonly ResourceDescription[] = [
  {
    name: "Connection",
    description:
      "A database connection, validated and tested live during `pulumi preview`, with the tables it may see indexed on create and refresh.",
    inputs: connectionInputsSchema,
    outputs: connectionOutputsSchema,
    replacedOnChange: IDENTITY_INPUTS,
    reference: {
      schema: connectionReferenceSchema,
      typeName: "ConnectionReference",
      description:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation, as the user writes it
        "The connection as jobs and publications take it: `connection: ${warehouse.reference}` (secret: it holds the credentials)",
    },
  },
  {
    name: "JobGroup",
    description:
      "SQL steps run on a connection, the last one's result materialised as a table. The SQL is compiled against the live schema during preview; the job runs on create and whenever its steps, parameters, connection, output, triggers or a source job's run change.",
    inputs: jobGroupInputsSchema,
    outputs: jobGroupOutputsSchema,
    replacedOnChange: [],
    reference: {
      schema: jobReferenceSchema,
      typeName: "JobReference",
      description:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation, as the user writes it
        "The job as publications and other jobs take it: `source: ${job.reference}` (secret: it holds the connection's credentials)",
    },
    takesReferences: { sources: { typeName: "JobReference", list: true } },
  },
  {
    name: "Publication",
    description:
      "Publishes a JobGroup's result into a table through a target connection, atomically: a failure at any point leaves the target as it was.",
    inputs: publicationInputsSchema,
    outputs: publicationOutputsSchema,
    replacedOnChange: ["path", "table"],
  },
];

/**
 * The `dataplane` package's schema, generated from the zod schemas the provider validates with
 * (descriptions included), so it cannot drift from what the provider accepts.
 */
export function packageSchema(version: string) {
  const names = RESOURCES.map((resource) => resource.name);
  const { types, objectOf, named } = pulumiTypes("dataplane", names);
  const tokenOf = (name: string) => `#/types/dataplane:index:${name}`;
  // The reference types first, so the inputs of the same shape take their names.
  const referenceTypes = new Map<string, PropertySpec>();
  for (const { reference } of RESOURCES) {
    if (!reference) continue;
    const shape = objectOf(jsonSchemaOf(reference.schema, "input"), reference.typeName, SECRET_PROPERTIES);
    referenceTypes.set(reference.typeName, { $ref: named(reference.typeName, shape) });
  }
  const resources: Record<string, unknown> = {};
  for (const resource of RESOURCES) {
    const json = jsonSchemaOf(resource.inputs, "input");
    const referenced = Object.entries(resource.takesReferences ?? {});
    const inputs: ObjectTypeSpec = objectOf(
      without(json, [...FILLED_BY_THE_PROVIDER, ...referenced.map(([key]) => key)]),
      resource.name,
      SECRET_PROPERTIES,
    );
    for (const [key, { typeName, list }] of referenced) {
      const reference = referenceTypes.get(typeName) as PropertySpec;
      const description = json.properties?.[key]?.description;
      inputs.properties[key] = { ...(list ? { type: "array", items: reference } : reference), ...(description && { description }) };
    }
    for (const key of resource.replacedOnChange) inputs.properties[key] = { ...inputs.properties[key], willReplaceOnChanges: true };
    const outputs = objectOf(jsonSchemaOf(resource.outputs, "output"), resource.name, SECRET_PROPERTIES);
    const referenceOutput = resource.reference && {
      reference: { $ref: tokenOf(resource.reference.typeName), description: resource.reference.description, secret: true },
    };
    resources[`dataplane:index:${resource.name}`] = {
      description: resource.description,
      inputProperties: inputs.properties,
      requiredInputs: (inputs.required ?? []).filter((key) => key in inputs.properties),
      properties: { ...inputs.properties, ...outputs.properties, ...referenceOutput },
      required: [...(outputs.required ?? []), ...(referenceOutput ? ["reference"] : [])],
    };
  }
  return {
    name: "dataplane",
    displayName: "Dataplane",
    version,
    description: "A declarative data platform: connections tested live at preview, SQL jobs, and atomic publications between databases.",
    keywords: ["pulumi", "dataplane", "database", "sql", "category/database"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-dataplane/pulumi-dataplane",
    meta: { moduleFormat: "(.*)" },
    language: {
      // respectSchemaVersion: the generated SDKs carry this version (else 0.0.0 or ${VERSION}, for a release pipeline to fill in).
      nodejs: {
        packageName: "@pulumi-dataplane/dataplane",
        dependencies: { "@pulumi/pulumi": "^3.248.0" },
        respectSchemaVersion: true,
      },
      python: { packageName: "pulumi_dataplane", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true },
      go: {
        importBasePath: "github.com/pulumi-dataplane/pulumi-dataplane/sdk/go/dataplane",
        generateResourceContainerTypes: false,
        respectSchemaVersion: true,
      },
      csharp: { rootNamespace: "PulumiDataplane", packageReferences: { Pulumi: "3.*" }, respectSchemaVersion: true },
    },
    resources,
    types,
  };
}
