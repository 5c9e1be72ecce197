import type { z } from "zod";
import { pathShapeFailure, type PathShape } from "../core/path-shape";
import { isUnknown, unknownPaths } from "../core/unknown-values";
import type { CheckFailure } from "../core/validation";
import { isVendorType, vendors, type VendorType } from "../vendors/registry";

/** The failure of a path that does not fit the connection's vendor, if it does not. */
export function checkPathShape(
  connection: { type: VendorType; configuration: unknown },
  path: readonly string[],
  property: string,
): CheckFailure | undefined {
  const shape = vendors[connection.type].pathShape as PathShape<unknown>;
  return pathShapeFailure(shape, connection.type, path, connection.configuration, property);
}

/**
 * The same judgement on inputs a check deferred (some value unknown at preview): the length
 * whenever the vendor and the path are known, the vendor's further rules only once its
 * configuration is known too.
 */
export function checkPathShapeOfCandidate(connection: unknown, path: unknown, property: string): CheckFailure | undefined {
  if (connection === null || typeof connection !== "object") return undefined;
  const { type, configuration } = connection as { type?: unknown; configuration?: unknown };
  if (!isVendorType(type)) return undefined;
  if (!Array.isArray(path) || path.some((part) => typeof part !== "string" || isUnknown(part))) return undefined;
  const vendor = vendors[type];
  const parsed = unknownPaths(configuration).length === 0 ? (vendor.configuration as z.ZodType).safeParse(configuration) : undefined;
  const shape: PathShape<unknown> = parsed?.success ? (vendor.pathShape as PathShape<unknown>) : { forms: vendor.pathShape.forms };
  return pathShapeFailure(shape, type, path as string[], parsed?.data, property);
}
