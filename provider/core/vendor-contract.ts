import type { z } from "zod";
import type { ColumnType, TableReference } from "./columns";
import type { ConnectionTarget } from "./connection-target";
import type { FailureHints, FailureKind } from "./failures";
import type { PathShape } from "./path-shape";
import type { PlaceholderStyle } from "./sql-parameters";
import type { TableName } from "./table-patterns";
import type { VendorTransfer } from "./transfer/endpoints";

/**
 * The contract every database fulfils. A vendor folder exports one VendorDescriptor (driver-free:
 * schemas, dialect, type mapping, defaults, capabilities) whose `load` brings its VendorRuntime
 * (the driver-backed parts) only when a resource of its type needs it. Core and the resources
 * know databases through these interfaces alone; vendors/registry.ts lists the descriptors.
 */

/** A privilege a connection may be asked to prove during its test (`requirePrivileges`). */
export type RequiredPrivilege = { privilege: "createTable"; schema: string } | { privilege: "select" | "insert"; table: string };

/** Why a session is opened. At preview it must create nothing (an embedded database's missing file stays missing). */
export interface SessionOptions {
  preview?: boolean;
}

/** An open, authenticated session, used for one test or one indexing pass and then closed. */
export interface VendorSession {
  readonly serverVersion: string;
  /** What the user should know that is not a failure (an embedded database file the first up creates). */
  readonly notice?: string;
  listTables(): Promise<TableName[]>;
  hasPrivilege(required: RequiredPrivilege): Promise<boolean>;
  /** May the user create tables where this connection writes by default? */
  canPersist(): Promise<boolean>;
  close(): Promise<void>;
}

export type { ConnectionTarget } from "./connection-target";

/** A result column as the database names its type, and in canonical form where it maps to one. */
export interface ResultColumn {
  name: string;
  nativeType: string;
  type?: ColumnType;
  /** Known for table columns (describeTable); a query's result columns may leave it out. */
  nullable?: boolean;
}

/** What a database's planner tells about a query without running it to completion. */
export interface DescribedQuery {
  columns: ResultColumn[];
  /** Bytes the query would read, where the engine estimates it at no cost (capabilities.estimatesBytes). */
  totalBytesProcessed?: number;
}

/** How SQL is spelled on a database: placeholders, quoting, and the statements jobs need. */
export interface Dialect {
  readonly placeholders: PlaceholderStyle;
  /** DDL inside a transaction commits or rolls back with it; where it commits at once, jobs build in a staging table. */
  readonly transactionalDdl: boolean;
  quoteIdentifier(name: string): string;
  qualifiedName(table: TableReference): string;
  createSchema(path: readonly string[]): string;
  /**
   * Dropping a schema a job created, once it is empty (destroy): `objects` selects a row for
   * anything the schema still holds (tables, views, routines); `drop` drops it without CASCADE,
   * so the database itself refuses one that is not empty where it can. Absent, the vendor's
   * schemas are kept.
   */
  readonly dropEmptySchema?: { objects(path: readonly string[]): string; drop(path: readonly string[]): string };
  /**
   * A query returning a row when the schema exists. Asked before createSchema because
   * CREATE SCHEMA IF NOT EXISTS may need the right to create schemas even when the schema is
   * there (some databases check CREATE on the database first), which a least-privileged user lacks.
   */
  schemaExists(path: readonly string[]): string;
  /** Renames a table within its schema. */
  renameTable(table: TableReference, newName: string): string;
  /**
   * Statements that put the filled `staging` table in the place of `target` at once, so
   * readers see the old table or the new one, never neither: in the caller's transaction where
   * DDL is transactional, else as one statement that swaps both names atomically.
   */
  replaceTable(target: TableReference, stagingName: string, targetExists: boolean): string[];
  /** `left` equals `right`, NULL matching NULL (upsert keys may be null). */
  nullSafeEquals(left: string, right: string): string;
  /**
   * Deletes the target's rows that a source row matches on the keys, NULL matching NULL.
   * Absent, columns are named by their tables' qualified names; a database that names a column
   * by its table's last name only writes aliases instead (two tables may share that name).
   */
  deleteMatching?(target: TableReference, source: TableReference, keys: readonly string[]): string;
  /**
   * An upsert is one MERGE (matched rows get the published columns and keep the target's
   * others; unmatched rows are inserted), and a source whose keys repeat is refused before it,
   * since MERGE would fail on a repeated match yet insert repeated new keys twice. Absent, an
   * upsert deletes the matched rows and inserts every source row.
   */
  readonly upsertsByMerge?: boolean;
  /** Removes every row of a table inside the caller's transaction (where TRUNCATE commits at once, a DELETE). */
  emptyTable(table: TableReference): string;
  readonly beginTransaction: string;
  readonly commitTransaction: string;
  readonly rollbackTransaction: string;
  /** An expression turning `expression` into text, for reporting values of any type. */
  asText(expression: string): string;
  /**
   * Table comments, where the database keeps them: how a table's owner is recorded
   * (core/ownership.ts). `read` selects one row with a `table_comment` column.
   */
  readonly tableComments?: { read(table: TableReference): string; write(table: TableReference, comment: string): string };
  /** The tables of one schema whose names start with `prefix`, as rows with a `table_name` column. */
  listTables?(path: readonly string[], prefix: string): string;
  /**
   * How writers of one table are kept apart (core/table-lock.ts): session-level locks of the
   * database (`tryLock` selects one row with a `locked` column), `embedded` where only this
   * process can write the database file, or absent where the database has no such lock.
   */
  readonly writerLocks?: { tryLock(key: string): string; unlock(key: string): string } | "embedded";
}

/** A publication's change to its target table, described for whichever way a database makes it atomic. */
export interface AtomicChange {
  target: TableReference;
  /** The change as statements that are atomic when one transaction holds them all. */
  statements: string[];
  /**
   * The same change as the rows the target holds afterwards: statements filling an empty
   * table shaped like the target. Given where `statements` change rows more than once
   * (truncate then insert, delete then insert).
   */
  replacementRows?: (replacement: TableReference) => string[];
  /** For upserts: what a database with MERGE needs to do the change in one statement. */
  upsert?: { source: TableReference; keys: string[]; columns: string[] };
}

/** What others may have added to a table besides columns, which replacing the table would take away. */
export interface TableDependents {
  indexes: string[];
  /** Privileges other users hold on the table, `grantee: PRIVILEGE` each. */
  grants: string[];
  /** Replacing the table: grants are copied to the new one, kept because they follow the name, or lost. */
  grantsOnReplace: "copied" | "keptByName" | "lost";
}

/** A running statement's progress as its engine reports it: never computed by us. */
export interface StatementProgress {
  /** The engine's percentage done, 0–100, where it estimates one. */
  percentage?: number;
  /** Rows the engine has processed so far, where it counts them. */
  processedRows?: number;
}

/** A session for running a job's statements; cancellable in the database. */
export interface DataSession {
  readonly dialect: Dialect;
  /** What the user should know that is not a failure (an embedded database file the first up creates). */
  readonly notice?: string;
  /** Runs one statement whose parameters are already bound to the dialect's placeholders. */
  execute(sql: string, parameters?: readonly unknown[]): Promise<number>;
  rows<Row = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /**
   * Compiles a statement against the live schema without running it to completion, and
   * learns its result columns; undefined when the database cannot compile this kind of
   * statement on its own (it is judged when the job runs). A vendor whose planner knows
   * the statement breaks a configured limit (a maximum of bytes billed) throws.
   */
  describe(sql: string, parameters: readonly unknown[]): Promise<DescribedQuery | undefined>;
  /**
   * Preview's way to go through an earlier step, inside the transaction preview always rolls
   * back: runs the statement when its kind cannot commit nor change anything outside that
   * transaction ("ran"), else leaves it for the job to run ("notRun": compiled where the
   * database can compile it on its own), or throws when the job could not run it either.
   * Absent, preview runs no earlier step of a transactional database.
   */
  rehearse?(sql: string, parameters: readonly unknown[]): Promise<"ran" | "notRun">;
  /**
   * A table's columns in order, with native and canonical types and nullability, or undefined
   * when it does not exist. The one description of a table: preview, up, transfers and refresh
   * all read it.
   */
  describeTable(table: TableReference): Promise<ResultColumn[] | undefined>;
  /**
   * Applies a change so it takes effect whole or not at all, where the database's own
   * transactions cannot simply wrap `change.statements` (one multi-statement transaction
   * script; a table rebuilt and swapped in where connectors write in autocommit only).
   * Absent, callers wrap the statements in the dialect's beginTransaction, then commit, or
   * rollback on failure.
   */
  runAtomically?(change: AtomicChange): Promise<void>;
  /**
   * Creates a schema where the database has an API for it rather than SQL (datasets in the
   * connection's location); true when it created it, false when it existed.
   */
  createSchema?(path: readonly string[]): Promise<boolean>;
  /** Whether a schema exists, where the database has an API for it rather than a catalog query. */
  schemaExists?(path: readonly string[]): Promise<boolean>;
  /** Drops a schema only if it is empty, where the database has an API for it; true when dropped, false when it holds anything. */
  dropSchemaIfEmpty?(path: readonly string[]): Promise<boolean>;
  /** Drops a table if it exists, where the database has an API for it rather than SQL. */
  dropTableIfExists?(table: TableReference): Promise<void>;
  /** Indexes and grants on a table, so preview can say what replacing it removes; absent where the database has no such catalog. */
  describeDependents?(table: TableReference): Promise<TableDependents>;
  /**
   * Statements granting on `to` what other users hold on `from`, run in the transaction that
   * puts `to` in the place of `from`, so a replaced table keeps its grants.
   */
  copyGrants?(from: TableReference, to: TableReference): Promise<string[]>;
  /**
   * How far the statement running now is, by the engine's own account, where it keeps one
   * (optional capability): read by a job's report every few seconds; undefined while it has
   * none to give.
   */
  progress?(): StatementProgress | undefined;
  /**
   * Cancels whatever statement runs now, in the database, not just on our side, and resolves
   * only once the server shows it no longer runs (its activity view, processlist or query
   * state, or an embedded statement returning); rejects saying why when that cannot be confirmed.
   */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** A database's column types, both ways, without a driver. */
export interface ColumnTypes {
  /** The native type a column of this canonical type gets in CREATE TABLE. */
  toNative(type: ColumnType): string;
  /** A native type name as the database reports it (`numeric(12,2)`, `int(10) unsigned`) → canonical. */
  fromNative(nativeType: string): ColumnType;
  /**
   * Why a column of this type cannot be published into the database, naming the fix; absent
   * or undefined where it can (toNative then converts it). Preview names the column.
   */
  refuses?(type: ColumnType): string | undefined;
  /**
   * A native type as declared, with what fromNative leaves out (a text's declared length, the
   * full range of an integer fromNative gives a common width), so a target that cannot hold
   * that much refuses it at preview. Absent, fromNative's type.
   */
  declared?(nativeType: string): ColumnType;
}

/** What a database can do that others cannot, as data rather than branches on its name. */
export interface VendorCapabilities {
  /** Results can be streamed rather than read whole. */
  readonly canStream: boolean;
  /** Preview reports the bytes a job would process, from an estimate the engine gives at no cost. */
  readonly estimatesBytes: boolean;
  /**
   * DataSession.cancel confirms on the server that a statement stopped. False where the
   * server acknowledges a cancel and runs on, or runs statements synchronously.
   */
  readonly confirmsCancel: boolean;
}

/**
 * A job's result written to a file by the database's own writers (csv, newline-delimited json,
 * parquet; gzip), where the engine has them; `temporaryPath` is where the bytes go.
 */
export interface ResultFileWriter {
  write(session: DataSession, table: TableReference, setting: ResultFileSetting, temporaryPath: string): Promise<void>;
}

/** How one result file is written (a JobGroup's writeSettings entry, as the writer needs it). */
export interface ResultFileSetting {
  format: "csv" | "json" | "parquet";
  compression: "none" | "gzip";
  header: boolean;
  delim: string;
  asSingleFile: boolean;
}

/**
 * A local engine a server database's result is copied into so its writers can produce the
 * files (on disk, so a large result never sits in memory).
 */
export interface ScratchEngine {
  /** A target whose database file lives in `directory`, created on open. */
  target(directory: string): ConnectionTarget;
  /** Where the scratch copy's table is. */
  readonly table: TableReference;
}

/**
 * A query engine that reaches other databases through connectors of its own (catalogs) and so
 * can move a table's rows from one of them into another with no row passing through the
 * provider (a publication's `engine`). Its sessions are the vendor's data sessions; this holds
 * only how it names their tables and the statement that moves the rows.
 */
export interface RowMover {
  /** `table`, as a connection to the database behind `catalog` names it, as the engine names it. */
  tableIn(catalog: string, table: TableReference): TableReference;
  /**
   * One statement copying every row of `source` into `target` (both named by tableIn), each of
   * `columns` converted in the engine from the source's type to the target's, as the engine's
   * describeTable reports them. Its update count is the number of rows it moved.
   */
  insertSelect(
    source: { table: TableReference; columns: readonly ResultColumn[] },
    target: { table: TableReference; columns: readonly ResultColumn[] },
    columns: readonly string[],
  ): string;
  /** A statement creating `target` (named by tableIn) from `source`'s columns without rows: compiled at preview, never run. */
  createTableAs(source: TableReference, target: TableReference, columns: readonly string[]): string;
}

/** The driver-backed half of a vendor, loaded only when a resource of its type needs it. */
export interface VendorRuntime<Configuration = unknown, Credentials = unknown> {
  /** Connects and authenticates; aborting the signal must destroy any socket at once. */
  open(target: ConnectionTarget<Configuration, Credentials>, signal: AbortSignal, options?: SessionOptions): Promise<VendorSession>;
  /**
   * Sorts a driver error into a failure kind; a table, schema or catalog the SQL names that
   * does not exist is `tableMissing`, whatever the database's wording.
   */
  classify(error: unknown): FailureKind;
  /** Opens a session for job statements; aborting the signal must destroy any socket at once. */
  openData(target: ConnectionTarget<Configuration, Credentials>, signal: AbortSignal, options?: SessionOptions): Promise<DataSession>;
  /** The bulk paths rows take in and out of this database. */
  readonly transfer: VendorTransfer;
  /** Where the engine writes files itself: a job's writeSettings use it on the job's own session. */
  readonly files?: ResultFileWriter;
  /** Where the engine can serve as the scratch copy for other databases' result files. */
  readonly scratch?: ScratchEngine;
  /** Releases handles the vendor keeps for this configuration (embedded databases). */
  release?(configuration: Configuration): Promise<void>;
}

/**
 * One database, as vendors/registry.ts lists it: everything known without its driver, and
 * `load` for the rest. The zod schemas' own types are kept (not widened) so the Connection
 * schema and the sdk's ConnectionArgs are derived from the registry.
 */
export interface VendorDescriptor<Configuration extends z.ZodType = z.ZodType, Credentials extends z.ZodType = z.ZodType> {
  /** The name connections report as `attributes.dialectName`. */
  readonly dialectName: string;
  readonly configuration: Configuration;
  /** Secret inputs; the sdk marks them secret, and they never reach outputs in plaintext. */
  readonly credentials: Credentials;
  /** The forms a table path takes on this database. */
  readonly pathShape: PathShape<z.output<Configuration>>;
  readonly dialect: Dialect;
  readonly columnTypes: ColumnTypes;
  readonly capabilities: VendorCapabilities;
  /**
   * The fix a failure of a kind suggests, naming this vendor's own properties (its address, its
   * login, its database): a kind left out gets core's wording, which names no property.
   */
  readonly failureHints?: FailureHints;
  /** Where the database is an engine that moves rows between other databases (a publication's `engine`). */
  readonly rowMover?: RowMover;
  /** The schema path jobs write to when the user names none. */
  defaultJobPath(configuration: z.output<Configuration>): string[];
  load(): Promise<VendorRuntime<z.output<Configuration>, z.output<Credentials>>>;
}

/** A descriptor with its runtime loaded: what resources work with. */
export type Vendor = VendorDescriptor & VendorRuntime;

/** Keeps a descriptor's exact schema types while checking it against the contract. */
export function defineVendor<Configuration extends z.ZodType, Credentials extends z.ZodType>(
  descriptor: VendorDescriptor<Configuration, Credentials>,
): VendorDescriptor<Configuration, Credentials> {
  return descriptor;
}
