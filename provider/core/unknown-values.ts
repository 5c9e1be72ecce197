/**
 * During preview the engine hands a dynamic provider this string wherever a value
 * will only be known at apply time (an output of a resource not yet created).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The input the sdk sets to `pulumi.runtime.isDryRun()`: the engine tells a provider's check
 * nothing about preview. It matters for values only `up` learns (a job's row count): check
 * returns them as UNKNOWN_VALUE at preview, so the program sees them as unknown, not as
 * undefined. At `up` the engine refuses unknown values in what check returns, so it returns
 * none there. Internal (`__`): never stored (check leaves it out), never shown in a diff.
 */
export const PREVIEW_INPUT = "__preview";

export function isPreview(news: Record<string, unknown>): boolean {
  return news[PREVIEW_INPUT] === true;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** Dotted paths of every unknown value inside `value`, e.g. `configuration.host`. */
export function unknownPaths(value: unknown, path: string[] = []): string[] {
  if (isUnknown(value)) return [path.join(".")];
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownPaths(item, [...path, String(index)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => unknownPaths(item, [...path, key]));
  }
  return [];
}

/** True when the value at `path`, or one of its parents, is unknown. */
export function isUnknownAt(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  if (isUnknown(current)) return true;
  for (const key of path) {
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
    if (isUnknown(current)) return true;
  }
  return false;
}

/**
 * A copy without the values at `paths` that are still unknown. Used for identifiers (a
 * connection's id, a job's run id) that are unknown while their resource is being created
 * but decide nothing a preview can check; everything else about the resource still can be.
 */
export function withoutUnknownAt(properties: Record<string, unknown>, paths: readonly string[][]): Record<string, unknown> {
  const copy = structuredClone(properties);
  for (const path of paths) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
        copy,
      );
    const key = path[path.length - 1];
    if (parent !== null && typeof parent === "object" && isUnknown((parent as Record<string, unknown>)[key])) {
      delete (parent as Record<string, unknown>)[key];
    }
  }
  return copy;
}

/**
 * `inputs` with the values still unknown at `paths` in `original` put back: what
 * `withoutUnknownAt` left out to check the rest is returned as unknown, not as removed
 * (the engine shows the preview diff from the inputs check returns).
 */
export function withUnknownsKept(
  inputs: Record<string, unknown>,
  original: Record<string, unknown>,
  paths: readonly string[][],
): Record<string, unknown> {
  let kept = inputs;
  for (const path of paths) {
    const value = path.reduce<unknown>(
      (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      original,
    );
    if (!isUnknown(value)) continue;
    if (kept === inputs) kept = structuredClone(inputs);
    const parent = path
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
        kept,
      );
    if (parent !== null && typeof parent === "object") (parent as Record<string, unknown>)[path[path.length - 1]] = value;
  }
  return kept;
}
