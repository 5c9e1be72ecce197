/**
 * Turns the JSON Schema zod writes for a provider schema into Pulumi's schema types: objects
 * with properties become named object types (one per distinct shape), records become maps,
 * unions `oneOf`, and a union of objects told apart by a constant property (a vendor's `type`)
 * one object whose differing properties are `oneOf` the vendors' own types.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
  default?: unknown;
}

export interface TypeSpec {
  type?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
  default?: unknown;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");

/** The constant a union member holds in `key`, when every member holds one there. */
function discriminatorOf(members: JsonSchema[]): string | undefined {
  const first = members[0]?.properties ?? {};
  return Object.keys(first).find((key) =>
    members.every((member) => member.type === "object" && typeof member.properties?.[key]?.const === "string"),
  );
}

function describedValues(schema: JsonSchema, values: unknown[]): string {
  const choices = `One of: ${values.map((value) => `\`${String(value)}\``).join(", ")}.`;
  return schema.description ? `${schema.description}. ${choices}` : choices;
}

/** What the SDKs append to a resource's name for types of their own. */
const RESOURCE_DERIVED_SUFFIXES = ["Args", "State", "Input", "Output", "Array", "Map", "Ptr"];

/**
 * Collects named object types while converting; `reserved` names (the resources') are never
 * given to a type, so no language's SDK gets two things of one name.
 */
export function pulumiTypes(packageName: string, reserved: readonly string[]) {
  const types: Record<string, ObjectTypeSpec> = {};
  const tokenOf = (name: string) => `${packageName}:index:${name}`;

  /** A type's name: that of an equal shape already named (a connection reference in any resource), else one from `hint`. */
  function nameFor(hint: string, shape: ObjectTypeSpec): string {
    const key = JSON.stringify(shape);
    const equal = Object.entries(types).find(([, existing]) => JSON.stringify(existing) === key);
    if (equal) return equal[0].slice(tokenOf("").length);
    let base = pascal(hint);
    if (reserved.includes(base)) base = `${base}Reference`;
    // The SDKs name their own types after each resource (JobGroupArgs, JobGroupState; in Go also
    // JobGroupInput, JobGroupOutput…): a type of such a name (the `output` of a JobGroup) takes a
    // `Type` suffix, as Go's generator would give it alone.
    else if (reserved.some((resource) => RESOURCE_DERIVED_SUFFIXES.some((suffix) => base === `${resource}${suffix}`))) base = `${base}Type`;
    for (let suffix = 1; ; suffix++) {
      const name = suffix === 1 ? base : `${base}${suffix}`;
      const existing = types[tokenOf(name)];
      if (!existing) {
        types[tokenOf(name)] = shape;
        return name;
      }
      if (JSON.stringify(existing) === key) return name;
    }
  }

  function objectSpec(schema: JsonSchema, hint: string, secrets: readonly string[]): ObjectTypeSpec {
    const properties = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, property]) => [key, propertySpec(property, `${hint} ${key}`, key, secrets)]),
    );
    const required = (schema.required ?? []).filter((key) => key in properties);
    // No description here: the property holding the type says what it is for.
    return { type: "object", properties, ...(required.length > 0 && { required }) };
  }

  /** A union of objects told apart by `key`: one object, its differing properties per member. */
  function mergedObject(members: JsonSchema[], key: string, secrets: readonly string[]): ObjectTypeSpec {
    const values = members.map((member) => String(member.properties?.[key]?.const));
    const names = new Set(members.flatMap((member) => Object.keys(member.properties ?? {})));
    const properties: Record<string, PropertySpec> = {};
    for (const name of names) {
      if (name === key) {
        properties[name] = { type: "string", description: describedValues({}, values) };
        continue;
      }
      const variants = members.map((member, index) => ({ value: values[index], schema: member.properties?.[name] }));
      const present = variants.filter((variant) => variant.schema !== undefined) as { value: string; schema: JsonSchema }[];
      const same = present.every((variant) => JSON.stringify(variant.schema) === JSON.stringify(present[0].schema));
      const specs = same
        ? [propertySpec(present[0].schema, name, name, secrets)]
        : present.map((variant) => propertySpec(variant.schema, `${variant.value} ${name}`, name, secrets));
      const distinct = specs.filter((spec, index) => specs.findIndex((other) => JSON.stringify(other) === JSON.stringify(spec)) === index);
      const { description, secret } = distinct[0];
      properties[name] =
        distinct.length === 1
          ? distinct[0]
          : {
              oneOf: distinct.map(({ description: _, secret: __, ...type }) => type),
              ...(description && { description: `${description} (its shape depends on \`${key}\`)` }),
              ...(secret && { secret }),
            };
    }
    const required = [...names].filter((name) => members.every((member) => member.required?.includes(name)));
    return { type: "object", properties, ...(required.length > 0 && { required }) };
  }

  /** An object, or a union of objects told apart by a constant property, as one object type. */
  function objectOf(schema: JsonSchema, hint: string, secrets: readonly string[]): ObjectTypeSpec {
    const union = (schema.oneOf ?? schema.anyOf)?.filter((member) => member.type !== "null");
    const key = union && discriminatorOf(union);
    return union && key ? mergedObject(union, key, secrets) : objectSpec(schema, hint, secrets);
  }

  function typeSpec(schema: JsonSchema, hint: string, secrets: readonly string[]): TypeSpec {
    const union = (schema.oneOf ?? schema.anyOf)?.filter((member) => member.type !== "null");
    if (union && union.length === 1) return typeSpec(union[0], hint, secrets);
    if (union && union.length > 1) {
      const key = discriminatorOf(union);
      if (key) return { $ref: `#/types/${tokenOf(nameFor(hint, mergedObject(union, key, secrets)))}` };
      return { oneOf: union.map((member) => typeSpec(member, hint, secrets)) };
    }
    if (schema.const !== undefined) return { type: typeof schema.const === "string" ? "string" : typeof schema.const };
    if (schema.enum) return { type: "string" };
    switch (schema.type) {
      case "string":
      case "number":
      case "integer":
      case "boolean":
        return { type: schema.type };
      case "array":
        return { type: "array", items: schema.items ? typeSpec(schema.items, hint, secrets) : ANY };
      case "object": {
        if (schema.properties && Object.keys(schema.properties).length > 0) {
          return { $ref: `#/types/${tokenOf(nameFor(hint, objectSpec(schema, hint, secrets)))}` };
        }
        const values = schema.additionalProperties;
        return { type: "object", additionalProperties: typeof values === "object" ? typeSpec(values, hint, secrets) : ANY };
      }
      default:
        return ANY;
    }
  }

  function propertySpec(schema: JsonSchema, hint: string, key: string, secrets: readonly string[]): PropertySpec {
    const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
    const description = values ? describedValues(schema, values) : schema.description;
    return {
      ...typeSpec(schema, hint, secrets),
      ...(description && { description }),
      ...(secrets.includes(key) && { secret: true }),
    };
  }

  /** Names `shape` `name` (before any other use of it takes a name from its hint). */
  function named(name: string, shape: ObjectTypeSpec): string {
    types[tokenOf(name)] = shape;
    return `#/types/${tokenOf(name)}`;
  }

  return { types, objectOf, named };
}
