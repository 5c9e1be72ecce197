import { createHash } from "node:crypto";
import type { TableReference } from "./columns";
import { DataplaneError } from "./failures";
import type { DataSession } from "./vendor-contract";

/**
 * Who a table belongs to: the Pulumi project and stack, and the resource within them. The
 * sdk supplies project and stack (the provider process cannot ask the engine for them).
 */
export interface TableOwner {
  project: string;
  stack: string;
  kind: "JobGroup" | "Publication";
  name: string;
}

export interface StackIdentity {
  project: string;
  stack: string;
}

const MARK = "pulumi-dataplane owner=";

/** Percent-encoding leaves no quote or backslash, so the text is a safe SQL literal on every dialect. */
function encodePart(part: string): string {
  return encodeURIComponent(part).replace(/['()*!~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Longer parts are recorded as a digest: some databases hold comments of at most 2,048 characters. */
const LONGEST_PART = 120;

function recordedPart(part: string): string {
  const encoded = encodePart(part);
  return encoded.length <= LONGEST_PART ? encoded : `h.${createHash("sha256").update(part).digest("hex").slice(0, 40)}`;
}

export function ownerComment(owner: TableOwner, run?: string): string {
  const recorded = `${MARK}${[owner.project, owner.stack, owner.kind, owner.name].map(recordedPart).join("/")}`;
  return run ? `${recorded} ${RUN_MARK}${encodePart(run)}` : recorded;
}

/**
 * The run that wrote the table, recorded after the owner: a replacement (`pulumi up --replace`
 * creates the new resource before it deletes the old) is the same owner, and only its run tells
 * the two apart. Undefined where none is recorded (tables of earlier versions, publications).
 */
const RUN_MARK = "run=";
export function parseOwnerRun(comment: string | null | undefined): string | undefined {
  if (!comment?.includes(MARK)) return undefined;
  const found = new RegExp(`\\s${RUN_MARK}(\\S+)`).exec(comment.slice(comment.indexOf(MARK)));
  return found ? decodeURIComponent(found[1]) : undefined;
}

export function parseOwnerComment(comment: string | null | undefined): TableOwner | undefined {
  if (!comment) return undefined;
  const start = comment.indexOf(MARK);
  if (start < 0) return undefined;
  const parts = comment
    .slice(start + MARK.length)
    .split(/\s/)[0]
    .split("/");
  if (parts.length !== 4 || (parts[2] !== "JobGroup" && parts[2] !== "Publication")) return undefined;
  const [project, stack, kind, name] = parts.map(decodeURIComponent);
  return { project, stack, kind: kind as TableOwner["kind"], name };
}

export function describeOwner(owner: TableOwner): string {
  return `${owner.kind} "${owner.name}" of stack ${owner.project}/${owner.stack}`;
}

/** Compared as recorded, so an owner read back from a comment (long parts as digests) matches its resource. */
export function sameOwner(left: TableOwner, right: TableOwner): boolean {
  return ownerComment(left) === ownerComment(right);
}

/** The owner recorded on an existing table; undefined when none is (or the database keeps no comments). */
export async function readOwner(session: DataSession, table: TableReference): Promise<TableOwner | undefined> {
  return (await readOwnerAndRun(session, table)).owner;
}

/** The owner recorded on an existing table and the run that recorded it (where one is). */
export async function readOwnerAndRun(session: DataSession, table: TableReference): Promise<{ owner?: TableOwner; run?: string }> {
  const comments = session.dialect.tableComments;
  if (!comments) return {};
  const [row] = await session.rows<{ table_comment: string | null }>(comments.read(table));
  return { owner: parseOwnerComment(row?.table_comment), run: parseOwnerRun(row?.table_comment) };
}

/** The statement recording `owner` on `table` (transactional where the database's DDL is). */
export function ownerStatement(session: DataSession, table: TableReference, owner: TableOwner, run?: string): string | undefined {
  return session.dialect.tableComments?.write(table, ownerComment(owner, run));
}

export interface OwnershipQuestion {
  table: TableReference;
  /** The resource about to write the table. */
  claimant: TableOwner | undefined;
  /** What is recorded on the existing table (undefined: no owner recorded). */
  recorded: TableOwner | undefined;
  /** The resource's own state says it wrote this table before (state from versions that recorded no owner). */
  knownFromState: boolean;
  adopt: boolean;
}

/**
 * Refuses to write a table another resource, stack or project owns. A table with no recorded
 * owner is someone else's unless the resource's state says it wrote it; `adopt: true` takes
 * either over explicitly.
 */
export function assertMayWrite(question: OwnershipQuestion): void {
  const { table, claimant, recorded, knownFromState, adopt } = question;
  if (adopt) return;
  const where = [...table.path, table.table].join(".");
  if (recorded && claimant && sameOwner(recorded, claimant)) return;
  if (recorded && claimant) {
    throw new DataplaneError(
      "invalidConfiguration",
      `table ${where} belongs to ${describeOwner(recorded)}: choose another table (output.table / table), or set adopt: true to take it over`,
    );
  }
  if (!recorded && knownFromState) return;
  if (!recorded && !claimant) return;
  throw new DataplaneError(
    "invalidConfiguration",
    `table ${where} already exists and was not created by this resource: choose another table (output.table / table), or set adopt: true to take it over`,
  );
}

/** Whether destroy may drop the table: only when it still records this resource (or recorded none). */
export function mayDrop(claimant: TableOwner | undefined, recorded: TableOwner | undefined): boolean {
  return recorded === undefined || claimant === undefined || sameOwner(recorded, claimant);
}

/** A short, stable digest that keeps default and staging names apart. */
export function shortDigest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);
}
