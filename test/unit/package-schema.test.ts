import { describe, expect, it } from "vitest";
import { z } from "zod";
import { packageSchema } from "../../plugin/schema";
import { connectionInputsSchema } from "../../provider/resources/connection-schema";
import { jobGroupInputsSchema } from "../../provider/resources/job-group-schema";
import { connectionOutputsSchema, jobGroupOutputsSchema, publicationOutputsSchema } from "../../provider/resources/output-schemas";
import { publicationInputsSchema } from "../../provider/resources/publication-schema";
import { VENDOR_TYPES, vendors } from "../../provider/vendors/registry";

type Spec = {
  type?: string;
  $ref?: string;
  oneOf?: Spec[];
  items?: Spec;
  additionalProperties?: Spec;
  description?: string;
  secret?: boolean;
};
type ObjectType = { properties: Record<string, Spec>; required?: string[] };
type Resource = {
  description: string;
  inputProperties: Record<string, Spec>;
  requiredInputs: string[];
  properties: Record<string, Spec>;
  required: string[];
};

const schema = packageSchema("1.2.3") as unknown as {
  version: string;
  resources: Record<string, Resource>;
  types: Record<string, ObjectType>;
};
const RESOURCES = {
  "dataplane:index:Connection": { inputs: connectionInputsSchema, outputs: connectionOutputsSchema },
  "dataplane:index:JobGroup": { inputs: jobGroupInputsSchema, outputs: jobGroupOutputsSchema },
  "dataplane:index:Publication": { inputs: publicationInputsSchema, outputs: publicationOutputsSchema },
};
/** Filled in by the plugin from the URN, never by the program. */
const FILLED_BY_THE_PLUGIN = ["resourceName", "pulumiStack"];

/** The top-level fields a zod schema accepts (of every member, for a union). */
function fieldsOf(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: object;
    oneOf?: { properties?: object }[];
  };
  const members = json.oneOf ?? [json];
  return [...new Set(members.flatMap((member) => Object.keys(member.properties ?? {})))];
}

/** Every type reference inside a spec. */
function referencesOf(spec: Spec | undefined): string[] {
  if (!spec) return [];
  return [
    ...(spec.$ref ? [spec.$ref] : []),
    ...(spec.oneOf ?? []).flatMap(referencesOf),
    ...referencesOf(spec.items),
    ...referencesOf(spec.additionalProperties),
  ];
}

describe("the dataplane package schema, generated from the zod schemas", () => {
  it("serves the three resources at the package's version", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(RESOURCES).sort());
    expect(schema.version).toBe("1.2.3");
  });

  it.each(Object.entries(RESOURCES))(
    "%s has every input and output the provider reads and writes, each typed and described",
    (token, zod) => {
      const resource = schema.resources[token];
      const inputs = fieldsOf(zod.inputs).filter((field) => !FILLED_BY_THE_PLUGIN.includes(field));
      expect(Object.keys(resource.inputProperties).sort()).toEqual(inputs.sort());
      for (const field of Object.keys(zod.outputs.shape)) expect(resource.properties, field).toHaveProperty(field);
      expect(resource.description.length).toBeGreaterThan(20);
      for (const [name, spec] of Object.entries(resource.properties)) {
        expect(spec.type ?? spec.$ref ?? spec.oneOf, `${token}.${name} has a type`).toBeDefined();
        expect(spec.description, `${token}.${name} is described`).toMatch(/\w{3}/);
      }
    },
  );

  it("describes every property of every type (each vendor's configuration and credentials, nested outputs)", () => {
    const undescribed = Object.entries(schema.types).flatMap(([token, type]) =>
      Object.entries(type.properties)
        .filter(([, spec]) => !/\w{3}/.test(spec.description ?? ""))
        .map(([name]) => `${token.replace("dataplane:index:", "")}.${name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it("marks credentials secret wherever they appear, and the references that carry them", () => {
    expect(schema.resources["dataplane:index:Connection"].inputProperties.credentials.secret).toBe(true);
    expect(schema.resources["dataplane:index:Connection"].properties.reference.secret).toBe(true);
    expect(schema.resources["dataplane:index:JobGroup"].properties.reference.secret).toBe(true);
    for (const [token, type] of Object.entries(schema.types)) {
      if (type.properties.credentials) expect(type.properties.credentials.secret, token).toBe(true);
    }
  });

  it("marks the properties whose change replaces the resource", () => {
    expect(schema.resources["dataplane:index:Connection"].inputProperties.type).toMatchObject({ willReplaceOnChanges: true });
    expect(schema.resources["dataplane:index:Publication"].inputProperties.table).toMatchObject({ willReplaceOnChanges: true });
    expect(schema.resources["dataplane:index:JobGroup"].inputProperties.steps).not.toHaveProperty("willReplaceOnChanges");
  });

  it("gives each vendor's configuration its own type, holding the vendor's fields", () => {
    const configuration = schema.resources["dataplane:index:Connection"].inputProperties.configuration;
    const shapes = (configuration.oneOf ?? []).map((spec) => schema.types[(spec.$ref ?? "").replace("#/types/", "")]);
    for (const type of VENDOR_TYPES) {
      const fields = Object.keys((vendors[type].configuration as unknown as z.ZodObject).shape ?? {});
      if (fields.length === 0) continue;
      expect(
        shapes.some((shape) => fields.every((field) => field in shape.properties)),
        `a configuration type holds ${type}'s fields ${fields.join(", ")}`,
      ).toBe(true);
    }
  });

  it("refers only to types it defines", () => {
    const specs = [
      ...Object.values(schema.resources).flatMap((resource) => [
        ...Object.values(resource.inputProperties),
        ...Object.values(resource.properties),
      ]),
      ...Object.values(schema.types).flatMap((type) => Object.values(type.properties)),
    ];
    for (const reference of specs.flatMap(referencesOf)) {
      if (reference.startsWith("pulumi.json#")) continue;
      expect(schema.types, reference).toHaveProperty([reference.replace("#/types/", "")]);
    }
  });

  it("asks the program only for what it must give: a connection's type and configuration, not its credentials", () => {
    expect(schema.resources["dataplane:index:Connection"].requiredInputs.sort()).toEqual(["configuration", "type"]);
    expect(schema.resources["dataplane:index:Publication"].requiredInputs.sort()).toEqual([
      "action",
      "connection",
      "path",
      "source",
      "table",
    ]);
    expect(schema.resources["dataplane:index:JobGroup"].requiredInputs.sort()).toEqual(["connection", "steps"]);
  });
});
