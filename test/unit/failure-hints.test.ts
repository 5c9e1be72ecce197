import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { FAILURE_KINDS, failureHint } from "../../provider/core/failures";
import { VENDOR_TYPES, vendors } from "../../provider/vendors/registry";

/**
 * The fix a classified failure suggests names properties the user can set: on every registered
 * vendor, each `configuration.x` / `credentials.x` a hint names is a field of that vendor's own
 * schemas (a Trino connection has no configuration.host, a BigQuery one no credentials.password).
 */
function fieldNames(schema: z.ZodType): string[] {
  const definition = (schema as unknown as { def: Record<string, unknown> }).def;
  switch (definition.type) {
    case "object":
      return Object.keys(definition.shape as object);
    case "union":
      return (definition.options as z.ZodType[]).flatMap(fieldNames);
    case "pipe":
      return fieldNames(definition.in as z.ZodType);
    case "optional":
    case "default":
    case "nullable":
    case "prefault":
      return fieldNames(definition.innerType as z.ZodType);
    default:
      throw new Error(`cannot list the fields of a zod ${String(definition.type)}`);
  }
}

describe.each(VENDOR_TYPES)("failure hints on %s", (type) => {
  const fields = {
    configuration: new Set(fieldNames(vendors[type].configuration)),
    credentials: new Set(fieldNames(vendors[type].credentials)),
  };

  it.each(FAILURE_KINDS)("the fix for %s names only this vendor's properties", (kind) => {
    const hint = failureHint(kind, vendors[type].failureHints) ?? "";
    const named = [...hint.matchAll(/\b(configuration|credentials)\.([A-Za-z]+)/g)];
    const foreign = named.filter(([, holder, field]) => !fields[holder as keyof typeof fields].has(field)).map(([path]) => path);
    expect(foreign, hint).toEqual([]);
  });
});
