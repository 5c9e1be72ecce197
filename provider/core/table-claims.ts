import type { TableReference } from "./columns";

/**
 * Tables claimed by the resources this provider process checked. One process serves every
 * dynamic resource of a stack, so two resources of one stack writing the same table are
 * caught at preview, before either runs.
 */
const claims = new Map<string, string>();
const claimedBy = new Map<string, string>();

/**
 * Claims `table` on the database `place` for `claimant` (`JobGroup "orders"`). Returns the
 * resource that already claimed it, or undefined when it is free (or already this claimant's).
 */
export function claimTable(
  place: string,
  table: TableReference,
  claimant: string,
  stack?: { project: string; stack: string },
): string | undefined {
  // Keyed by stack too: resources of other stacks never share a process, so only this stack's claims can meet.
  const key = JSON.stringify([stack?.project, stack?.stack, place, table.path, table.table]);
  const holder = claims.get(key);
  if (holder !== undefined && holder !== claimant) return holder;
  // A resource whose table changed gives up the one it claimed before.
  const claimantKey = JSON.stringify([stack?.project, stack?.stack, claimant]);
  const previous = claimedBy.get(claimantKey);
  if (previous !== undefined && previous !== key) claims.delete(previous);
  claims.set(key, claimant);
  claimedBy.set(claimantKey, key);
  return undefined;
}
