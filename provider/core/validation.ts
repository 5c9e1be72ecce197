import { z } from "zod";
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
 * Unknown keys are one failure each, on the key's own path (`configuration.password`), never
 * on the object holding them: see `forEngine` for why that matters.
 */
export function issuesToFailures(issues: readonly z.core.$ZodIssue[], input: unknown): CheckFailure[] {
  return issues
    .filter((issue) => !isUnknownAt(input, issue.path))
    .flatMap((issue): CheckFailure[] =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => unknownKeyFailure(issue.path, key))
        : issue.code === "invalid_key"
          ? // The key itself is the fault: named by its parent, never quoted.
            [
              {
                property: propertyPath(issue.path.slice(0, -1)),
                reason: describeIssue({ ...issue, path: issue.path.slice(0, -1) }, undefined),
              },
            ]
          : [{ property: propertyPath(issue.path), reason: describeIssue(issue, valueAt(input, issue.path)) }],
    );
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `configuration.password`, `steps[0].sql`; a key that is no plain name is quoted: `configuration["a.b"]`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      if (!PLAIN_KEY.test(name)) return `[${JSON.stringify(name)}]`;
      return `${index === 0 ? "" : "."}${name}`;
    })
    .join("");
}

/** Key names that hold secrets: typed outside `credentials`, they are most likely a password in the wrong place. */
const SECRET_LIKE_KEY = /pass|secret|token|private|api_?key|^key$/i;

function unknownKeyFailure(parentPath: readonly PropertyKey[], key: string): CheckFailure {
  const parent = propertyPath(parentPath) || "the resource arguments";
  if (!PLAIN_KEY.test(key) || key.length > 64) {
    // A name no field could have is not quoted: it may be anything pasted by mistake.
    return { property: propertyPath(parentPath), reason: `${parent} has a field whose name is no plain name: remove it` };
  }
  const path = [...parentPath, key];
  const property = propertyPath(path);
  const inCredentials = path[0] === "credentials" || (path[0] === "connection" && path[1] === "credentials");
  const hint =
    SECRET_LIKE_KEY.test(String(path[path.length - 1])) && !inCredentials
      ? ": secrets belong in credentials, which is kept secret"
      : ": remove it or check the spelling";
  return { property, reason: `${property} is not a field of ${parent}${hint}` };
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

/** What a union accepts, read from the type each of its members expected. */
function unionForms(issue: z.core.$ZodIssueInvalidUnion): string | undefined {
  if (issue.errors.length === 0) return undefined;
  const expected = issue.errors.map((branch) => branch.find((inner) => inner.code === "invalid_type" && inner.path.length === 0));
  if (expected.some((inner) => inner === undefined)) return undefined;
  return [...new Set(expected.map((inner) => withArticle((inner as z.core.$ZodIssueInvalidType).expected)))].join(" or ");
}

/** `value` is only tested for presence, never quoted. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const where = propertyPath(issue.path) || "the resource arguments";
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? `${where} is required: set it to ${withArticle(issue.expected)}`
        : `${where} must be ${withArticle(issue.expected)}`;
    case "invalid_value":
      return `${where} must be one of ${issue.values.map((allowed) => JSON.stringify(allowed)).join(", ")}`;
    case "too_small":
    case "too_big":
    case "invalid_format":
    case "not_multiple_of":
    case "custom":
      // Our own schemas word these messages; none of them quotes the input.
      return `${where}: ${issue.message}`;
    case "invalid_key":
      return `${where}: every key must be a plain name (a letter or _, then letters, digits or _)`;
    case "invalid_union": {
      if (issue.discriminator !== undefined && "options" in issue && issue.options) {
        return `${propertyPath([...issue.path, issue.discriminator])} must be one of ${issue.options.map((allowed: unknown) => JSON.stringify(allowed)).join(", ")}`;
      }
      // A union our own schemas word (`z.union([...], { error })`) says best what it takes.
      if (issue.message && !/^invalid input/i.test(issue.message)) return `${where} ${issue.message}`;
      const forms = unionForms(issue);
      return forms ? `${where} must be ${forms}` : `${where} does not match any accepted form`;
    }
    default:
      return `${where} is invalid`;
  }
}

/**
 * Failures as the engine receives them. The engine prints `inputs[failure.property]` beside
 * each failure (step_generator.go, issueCheckFailures): the value of a top-level input, in
 * plain text even when it is a secret. A dotted path (`configuration.password`) is no key of
 * that map, so nothing is printed for it; a failure on a top-level key goes out with no
 * property, and its reason, which starts with the property's name, says where it is.
 */
export function forEngine(failures: readonly CheckFailure[], news: Record<string, unknown>): CheckFailure[] {
  return failures.map((failure) => (Object.hasOwn(news, failure.property) ? { property: "", reason: failure.reason } : failure));
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
    return { done: { inputs: withDefaults(schema, candidate) } };
  }
  return { parsed: parsed.data };
}

export function resourceNameOf(properties: Record<string, unknown>): string | undefined {
  return typeof properties.resourceName === "string" ? properties.resourceName : undefined;
}

/** The object schema that judges `value`: the schema itself, or the member of a discriminated union it names. */
function objectSchemaFor(schema: z.ZodType, value: Record<string, unknown>): z.ZodObject | undefined {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = schema._zod.def.discriminator;
    return (schema.options as z.ZodType[]).find(
      (option): option is z.ZodObject =>
        option instanceof z.ZodObject && option.shape[discriminator]?.safeParse(value[discriminator]).success === true,
    );
  }
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return objectSchemaFor(schema._zod.def.innerType as z.ZodType, value);
  return undefined;
}

/**
 * A deferred candidate with every omitted input's default filled in, nested objects too,
 * and unknown values left as they are. The engine shows the preview diff by comparing stored
 * inputs with what check returns: without the defaults, each of them showed as removed.
 */
export function withDefaults(schema: z.ZodType, candidate: Record<string, unknown>): Record<string, unknown> {
  const objectSchema = objectSchemaFor(schema, candidate);
  if (!objectSchema) return candidate;
  const filled: Record<string, unknown> = { ...candidate };
  for (const [key, field] of Object.entries(objectSchema.shape as Record<string, z.ZodType>)) {
    const value = filled[key];
    if (value === undefined) {
      const fallback = field.safeParse(undefined);
      if (fallback.success && fallback.data !== undefined) filled[key] = fallback.data;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      filled[key] = withDefaults(field, value as Record<string, unknown>);
    }
  }
  return filled;
}
