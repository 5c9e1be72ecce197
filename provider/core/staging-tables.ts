import { randomBytes } from "node:crypto";
import type { TableReference } from "./columns";
import { shortDigest, type TableOwner } from "./ownership";
import { dropTableIfExists } from "./schema-objects";
import type { DataSession } from "./vendor-contract";

/** A tag for one run of a job or publication: its staging tables carry it. */
function newRunTag(): string {
  return randomBytes(3).toString("hex");
}

/**
 * The tag of a run's staging table. Where writers of a table hold a lock, each run has its
 * own and the lock holder drops what killed runs left. Where the database has no such lock,
 * the tag is the resource's own (a digest of its owner), so another resource or stack never
 * shares it and the resource's next run drops the one a killed run left.
 */
export function stagingTagFor(session: DataSession, owner: TableOwner | undefined): string {
  if (session.dialect.writerLocks !== undefined || owner === undefined) return newRunTag();
  return shortDigest(owner.project, owner.stack, owner.kind, owner.name).slice(0, 6);
}

/** What every staging table of `table` starts with: a cut name plus a digest of the whole one. */
function stagingPrefix(table: string): string {
  return `${table.slice(0, 24)}__${shortDigest(table)}_`;
}

/**
 * The staging table of one run beside `target`. Each run has its own, so two writers never
 * fill, rename or drop each other's; the name fits 63 characters with room for the
 * `_retired` suffix some dialects add.
 */
export function stagingTableFor(target: TableReference, runTag: string): TableReference {
  return { path: target.path, table: `${stagingPrefix(target.table)}${runTag}_stg` };
}

/** Staging tables of `table` from any run, and the single one earlier versions used. */
function isStagingOf(table: string, candidate: string): boolean {
  const prefix = stagingPrefix(table);
  if (candidate.startsWith(prefix) && /^[0-9a-f]{6}_stg(_retired)?$/.test(candidate.slice(prefix.length))) return true;
  return candidate === `${table.slice(0, 32)}__${shortDigest(table).slice(0, 8)}_staging`;
}

/**
 * Whether `name` is any run's staging table (stagingTableFor's shape): such tables live for
 * one publish, so a comparison of two listings of a schema read moments apart leaves them out.
 */
export function isStagingTableName(name: string): boolean {
  return /__[0-9a-f]{8}_[0-9a-f]{6}_stg(_retired)?$/i.test(name);
}

/**
 * Drops staging tables of `target` that runs killed before they could clean up. Only safe
 * while the caller holds the table's writer lock (core/table-lock.ts), where no other run
 * can be filling one; databases without writer locks keep their leftovers (README).
 */
export async function dropLeftoverStaging(session: DataSession, target: TableReference): Promise<string[]> {
  const { dialect } = session;
  if (dialect.writerLocks === undefined || dialect.listTables === undefined) return [];
  const rows = await session.rows<{ table_name: string }>(dialect.listTables(target.path, target.table.slice(0, 24)));
  const leftovers = rows.map((row) => row.table_name).filter((name) => isStagingOf(target.table, name));
  for (const name of leftovers) await dropTableIfExists(session, { path: target.path, table: name });
  return leftovers;
}
