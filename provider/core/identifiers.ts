import { z } from "zod";

/**
 * Names that reach SQL text (schemas, tables, columns, keys). They are quoted as well, but a
 * name outside this shape is refused in check, so nothing that could inject SQL gets near a
 * statement and every vendor can hold it.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const identifierField = z
  .string()
  .regex(IDENTIFIER_PATTERN, "must be a plain SQL name: a letter or _, then letters, digits or _ (at most 63)");

/** A Pulumi resource name made into a table name: lower case, other characters become `_`. */
export function tableNameFor(resourceName: string): string {
  const cleaned = resourceName
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .replace(/^([^a-z_])/, "_$1");
  return cleaned.slice(0, 63);
}
