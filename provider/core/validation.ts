import type { z } from "zod";
import { reportLine } from "./progress";
import { isUnknownAt, unknownPaths } from "./unknown-values";

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Turns zod issues into check failures that name the property path and the fix, and never
 * quote the offending value (it may be a password typed into the wrong field). Issues on a
 * value that is still unknown at preview are dropped: that value is judged at apply time.
 */
export function issuesToFailures(issues: readonly z.core.$ZodIssue[], input: unknown): CheckFailure[] {
  return issues
    .filter((issue) => !isUnknownAt(input, issue.path))
    .map((issue) => ({ property: propertyPath(issue.path), reason: describeIssue(issue, valueAt(input, issue.path)) }));
}

export function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** `value` is only tested for presence, never quoted. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const where = propertyPath(issue.path) || "the resource arguments";
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? `${where} is required: set it to ${withArticle(issue.expected)}`
        : `${where} must be ${withArticle(issue.expected)}`;
    case "unrecognized_keys":
      return `${where} has unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(", ")}: remove them or check the spelling`;
    case "invalid_value":
      return `${where} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "too_small":
    case "too_big":
    case "invalid_format":
    case "not_multiple_of":
    case "custom":
      // Our own schemas word these messages; none of them quotes the input.
      return `${where}: ${issue.message}`;
    case "invalid_union":
      return `${where} does not match any accepted form: ${issue.message}`;
    default:
      return `${where} is invalid`;
  }
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures?: CheckFailure[];
}

/**
 * The first half of every check: validate the candidate inputs. Failures on known values are
 * reported; while any value is still unknown (preview before its resource exists) the live
 * test is deferred and the candidate is passed through. Otherwise the parsed inputs go on.
 */
export function validateForCheck<Output>(
  schema: z.ZodType<Output>,
  candidate: Record<string, unknown>,
  deferred: { resourceName?: string; test: string },
): { parsed: Output } | { done: CheckResult } {
  const unknown = unknownPaths(candidate);
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    const failures = issuesToFailures(parsed.error.issues, candidate);
    if (failures.length > 0 || unknown.length === 0) return { done: { inputs: candidate, failures } };
  }
  if (unknown.length > 0 || !parsed.success) {
    reportLine(deferred.resourceName, `${deferred.test} deferred until apply: ${unknown.join(", ")} not known during preview`);
    return { done: { inputs: candidate } };
  }
  return { parsed: parsed.data };
}

export function resourceNameOf(properties: Record<string, unknown>): string | undefined {
  return typeof properties.resourceName === "string" ? properties.resourceName : undefined;
}
