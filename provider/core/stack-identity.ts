import { z } from "zod";
import { tableNameFor } from "./identifiers";
import { shortDigest, type TableOwner } from "./ownership";
import { stableHash } from "./stable-hash";

/** The Pulumi project and stack a resource belongs to, as the sdk passes them (`pulumiStack`). */
export const pulumiStackSchema = z
  .object({ project: z.string().min(1), stack: z.string().min(1) })
  .strict()
  .optional();

export type PulumiStack = z.infer<typeof pulumiStackSchema>;

export function ownerOf(kind: TableOwner["kind"], resourceName: string | undefined, stack: PulumiStack): TableOwner | undefined {
  if (!stack || !resourceName) return undefined;
  return { project: stack.project, stack: stack.stack, kind, name: resourceName };
}

/**
 * A job's default result table: the resource name made a SQL name, then a digest of project,
 * stack and name, so two stacks (or projects) of one program never share a table and names
 * that clean to the same text (`订单`, `客户`) stay apart.
 */
export function defaultResultTable(resourceName: string, stack: PulumiStack): string {
  const base = tableNameFor(resourceName);
  if (!stack) return base;
  return `${base.slice(0, 54)}_${shortDigest(stack.project, stack.stack, "JobGroup", resourceName)}`;
}

/** Where a connection points, credentials aside: what makes two tables the same table. */
export function placeKey(connection: { type: string; configuration?: unknown }): string {
  return stableHash({ type: connection.type, configuration: connection.configuration ?? {} });
}
