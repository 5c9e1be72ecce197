import type { PublicationAction } from "../../../provider/resources/publication-schema";
import type { Column, ColumnKind, ColumnType, TableReference } from "../../../provider/core/columns";
import type { ConnectionTarget } from "../../../provider/core/vendor-contract";
import type { VendorType } from "../../../provider/vendors/registry";

/**
 * What the tests need to reach one registered vendor here: one file per vendor under
 * test/support/vendors/, named as its registry key, exporting `fixture`. Every suite that
 * iterates the registry takes its connections, tables and exclusions from these fixtures, so
 * a vendor added to the registry is covered by adding its fixture file, and a test that cannot
 * apply to a vendor says why in that vendor's file.
 */
export interface VendorFixture {
  type: VendorType;
  /**
   * Valid connection inputs naming no server a test reaches: for checks that must fail (or
   * succeed) before any network call.
   */
  sample: ConnectionInputs;
  /** The vendor's database as the promise tests reach it (drift repair, read-back checks), or why none is reachable here. */
  place: (() => Promise<Place>) | Excluded;
  /**
   * The catalog of the suite's Trino that reaches the database of `place`, so the drift promise
   * also runs with Trino moving the rows (a publication's `engine`); or why Trino reaches it not.
   */
  placeEngineCatalog: string | Excluded;
  /** A database arranged for the "preview changes nothing" promise, or why none is reachable here. */
  previewTarget: (() => Promise<PreviewTarget>) | Excluded;
  /** The vendor as the target of the "atomic publish" promise, or why it cannot be one here. */
  atomicTarget: (() => AtomicTarget) | Excluded;
  /** The vendor as the "cancellation" promise proves it, or why it cannot. */
  cancellation: CancellationProfile | Excluded;
  /** The vendor in the "isolation" promise's matrix, or why it is not. */
  isolation: IsolationProfile | Excluded;
  /**
   * The vendor in the integration files where a job and its publication run on one connection
   * (test/integration/job-group-*, publication-pushdown-*, publication-replace-dependents), or
   * where those cases are proven for it instead.
   */
  pushdown: PushdownProfile | Excluded;
  /**
   * The vendor as the far side of the warehouses' round trips and of core/transfer's own
   * (test/integration/transfer-round-trip, *-round-trip, trino-transfer), or why not.
   */
  transfer: TransferProfile | Excluded;
  /** The vendor as a warehouse peer the warehouse files start (warehouse-round-trip, warehouse-job-extras), or why not. */
  warehouse: WarehouseProfile | Excluded;
  /** A user holding only the privileges the README lists (test/integration/least-privilege), or why the vendor has none to test. */
  leastPrivilege: LeastPrivilegeProfile | Excluded;
  /**
   * Canonical kinds the vendor has no native type for, and what its type mapping reads back
   * instead (each mapping says why: provider/vendors/<type>/types.ts). Absent, every kind
   * reads back as made (test/integration/table-description).
   */
  typeReadBack?: Partial<Record<ColumnKind, ColumnType>>;
  /** Creates a table with these columns where the administrator's DDL would lose some of them (an emulator's CREATE TABLE). */
  createTable?(place: Place, table: string, columns: readonly Column[]): Promise<void>;
  /** Drift-repair cases (publication action × change) the vendor cannot run here, with the reason. */
  driftRepairExclusion?(action: PublicationAction, change: DriftChange): string | undefined;
}

/** Why a test does not apply to a vendor: stated in the fixture, listed in the run, never skipped quietly. */
export interface Excluded {
  excluded: string;
}

export function isExcluded<T extends object>(profile: T | Excluded): profile is Excluded {
  return "excluded" in profile;
}

/** A profile the caller knows is not excluded (a test that already partitioned the fixtures). */
export function covered<T extends object>(type: VendorType, profile: T | Excluded): T {
  if (isExcluded(profile)) throw new Error(`${type} is excluded here: ${profile.excluded}`);
  return profile;
}

export interface ConnectionInputs {
  configuration: Record<string, unknown>;
  credentials: Record<string, unknown>;
}

/** A connection as JobGroups and Publications receive it from a Connection's outputs. */
export type ConnectionReference = Record<string, unknown> & { connectionId: string; type: VendorType } & ConnectionInputs;

/**
 * One database of the vendor as a promise test reaches it: the connection the resources
 * receive, the schema path tables go in, and plain SQL as an administrator (never through the
 * code under test, except DuckDB, whose file only one handle per process may open).
 */
export interface Place {
  connection: ConnectionReference;
  path: string[];
  /** The quoted, qualified name of a table in `path`, for the administrator's SQL. */
  qualified(table: string): string;
  quote(name: string): string;
  admin(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The information schema holding `columns` for `path` (qualified where the catalog must be named). */
  informationSchema: string;
  /** Text and integer types for a table the administrator creates. */
  textType: string;
  integerType?: string;
  /** SQL that empties a table (Trino's memory connector cannot DELETE). */
  emptySql?(qualified: string): string;
  /** Whether a schema exists, where the information schema cannot tell (the BigQuery emulator has none); else the dialect's schemaExists query. */
  schemaExists?(path: readonly string[]): Promise<boolean>;
  /** Column names where the information schema cannot tell them (the BigQuery emulator has none). */
  columnNames?(table: string): Promise<string[]>;
  close(): Promise<void>;
}

export type DriftChange = "dropped" | "emptied" | "column renamed" | "column added";

/** Everything a preview could change: every table's rows (md5), the schemas and tables that exist, a folder's files. */
export interface Snapshot {
  tables: Record<string, string>;
  schemas: string[];
  files: string[];
}

export interface HostileStep {
  name: string;
  sql: string;
}

/**
 * One database arranged for the "preview changes nothing" promise: a schema of the test's own
 * holding a 100-row `ledger` and a `victim` table, a local folder hostile SQL may try to write
 * into, and a snapshot of everything a preview could change.
 */
export interface PreviewTarget {
  connection: Record<string, unknown>;
  /** Where the job's result would go (inside the test's own schema). */
  outputPath: string[];
  /** Qualified names for hostile SQL. */
  ledger: string;
  victim: string;
  schema: string;
  /** A schema name that must not come to exist. */
  newSchema: string;
  /** A qualified table name that must not come to exist. */
  newTable: string;
  integerType: string;
  folder: string;
  /** Hostile statements only this vendor speaks. */
  extraHostile: HostileStep[];
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

export const ATOMIC_ACTIONS = ["create", "load", "createAndLoad", "truncateAndLoad", "dropAndLoad", "upsert"] as const;
export type AtomicAction = (typeof ATOMIC_ACTIONS)[number];
/** Faults a target's values meet, and faults that kill a process or connection mid-publication. */
export const VALUE_FAULTS = ["duplicateKey", "valueTooLong", "notNull", "checkViolation"] as const;
export const KILL_FAULTS = ["targetKilled", "sourceKilled", "providerKilled"] as const;
export type Fault = (typeof VALUE_FAULTS)[number] | (typeof KILL_FAULTS)[number];

/**
 * One target vendor as the "atomic publish" promise exercises it: where its tables go, the
 * constrained table a fault runs into, and what cannot apply (with the reason).
 */
export interface AtomicTarget {
  start(): Promise<void>;
  stop(): Promise<void>;
  connection(): Record<string, unknown>;
  path(): string[];
  /**
   * The target table's DDL: a primary key on id, name at most 8 characters and NOT NULL,
   * amount CHECK (amount >= 0) — as much of it as the vendor declares and enforces.
   */
  createTableSql(qualifiedName: string, quote: (name: string) => string): string;
  /** Faults the vendor cannot meet, with the reason. */
  excludedFaults: Partial<Record<Fault, string>>;
  /**
   * The catalog of the suite's Trino that reaches this target's database, so the promise also
   * runs with Trino moving the rows (a publication's `engine`); or why Trino reaches it not.
   */
  engineCatalog: string | Excluded;
  /** Actions this target cannot run at all, with the reason. */
  excludedActions: Partial<Record<AtomicAction, string>>;
  /** Kills the connection loading rows for `table` on the target; false while none runs yet. */
  killLoad?(table: string): Promise<boolean>;
  /** Rows the source holds in the kill trials: enough to keep a load in flight. */
  killRows: number;
  /** SIGKILL trials per action, at different moments of the load (the server vendors run several). */
  providerKillTrials: number;
  /** Gives up what the test process holds so a child process may open the target (DuckDB's file lock). */
  releaseForChild?(): Promise<void>;
  /**
   * Whether no session of a killed child still works on `table` in the server: a load whose
   * last rows (and COMMIT) were sent before the kill still commits, and is then a miss.
   */
  settled?(table: string): Promise<boolean>;
}

/** How a vendor's server shows that a statement runs; `marker` is a name inside its SQL. */
export interface Cancellable {
  connection: Record<string, unknown>;
  /** A statement that runs far longer than the test's timeout, with `marker` in its text. */
  slowQuery(marker: string): string;
  /** How many statements with `marker` in their text the server runs now. */
  running(marker: string): Promise<number>;
  /** Whether the server lists running statements (false: the engine runs in this process, and `running` measures its CPU). */
  listsStatements: boolean;
  /**
   * The job's timeoutSeconds in the trials (default 2): long enough for the job's own set-up
   * (connect, compile) to finish on a loaded machine, so that the statement really runs when
   * the deadline passes.
   */
  deadlineSeconds?: number;
  /** Where a publication into this vendor puts its table. */
  publishPath: string[];
  /** Tables in publishPath whose names start with `prefix` (the target, its staging tables). */
  tablesLike(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface CancellationProfile {
  start(): Promise<Cancellable>;
}

/** The vendor in the isolation promise: a connection of the suite's service and SQL the test runs on it. */
export interface IsolationProfile {
  connection(prefix: string): ConnectionReference;
  /** A select of rows (id, label) with ids first … first + count - 1. */
  numbersSql(first: number, count: number): string;
  /** A select of `table_name` for the tables in the schema `path` names. */
  tablesSql(path: string[]): string;
  quote(name: string): string;
  /** Why concurrent writers of one table are not serialised, when they are not. */
  noWriterLock?: string;
}

/** Another team's reader of a published table: how the database grants SELECT and reports that it holds. */
export interface Reader {
  create(name: string): string[];
  grant(name: string, table: string): string;
  holds(name: string, schema: string, table: string): string;
  drop(name: string): string[];
  /** How a preview names the grant. */
  label(name: string): string;
  /** What a replacing publish does with the grant, as the preview says it. */
  afterReplace: string;
}

/** The vendor as the push-down integration files reach it: its connection, schemas, and the SQL only it speaks. */
export interface PushdownProfile {
  /** The connection; an embedded engine keeps its file in `scratch`. */
  connection(scratch: string): ConnectionReference;
  /** Where the test's own tables live. */
  schema: string;
  /** Where a job writes its result when output.path is omitted. */
  jobSchema: string;
  /** SQL as the administrator (an embedded engine: through a data session on `connection`). */
  admin(connection: ConnectionReference, sql: string): Promise<Array<Record<string, unknown>>>;
  /** A select that returns a row when `schema`.`table` exists. */
  tableExistsSql(schema: string, table: string): string;
  /** `text` as a string literal. */
  textLiteral(text: string): string;
  /** A NULL of a short text type, to type a column whose first value is NULL. */
  nullText: string;
  /** `expression` cast to an integer. */
  integerCast(expression: string): string;
  /** A select of (id, label, amount, day) as integer, text, decimal(10,2) and date, and the native types preview reports for it. */
  typedSelect: { sql: string; nativeTypes: string[] };
  /** Another team's reader, where the database has users to grant to. */
  reader?: Reader;
  /** Why the vendor's sessions read no indexes and grants (preview then says they are not read), where they do not. */
  dependentsNotRead?: string;
  /** An array literal of `items`, where the database has arrays (and so slices a parameter may bound). */
  arrayLiteral?(items: number[]): string;
}

/** A transfer's side as the transfer tests name it: the vendor, its connection target, the schema path its tables live under. */
export interface Endpoint {
  type: VendorType;
  target: ConnectionTarget;
  path: string[];
}

export interface TransferProfile {
  /** The side a transfer reads from or writes to; a destination is another database (or file) where the server has one. */
  endpoint(scratch: string, role: "source" | "destination"): Endpoint;
}

export interface WarehouseProfile {
  /** Starts (or reaches) the peer; `prefix` names what the test creates there. */
  start(prefix: string): Promise<Warehouse>;
}

/** One warehouse peer as a test uses it: where tables live, and plain SQL of the test's own to make and read them. */
export interface Warehouse {
  type: VendorType;
  /** A connection as jobs receive it. */
  connection: ConnectionReference;
  target: ConnectionTarget;
  /** Where a job's result and the test's tables go. */
  path: string[];
  table(name: string): TableReference;
  create(name: string, columns: Column[]): Promise<void>;
  read(name: string, columns: Column[]): Promise<unknown[][]>;
  drop(name: string): Promise<void>;
  /** A column alias as written in a select, so the engine keeps the name lower case (Snowflake upper-cases bare ones). */
  alias(name: string): string;
  /** What the emulator changes in values on their way through it, when it does (the comparison then allows it). */
  changesValues?: string;
  close(): Promise<void>;
}

export interface LeastPrivilegeProfile {
  /** Creates a schema and a user holding only what a job and a publication need there. */
  start(): Promise<LeastPrivilegedUser>;
}

export interface LeastPrivilegedUser {
  /** Runs SQL as the administrator. */
  admin(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The least-privileged user's connection, as the resources receive it. */
  connection: Record<string, unknown>;
  schema: string;
  qualified(table: string): string;
  /** Grants for a table the user did not create, per action. */
  tableGrants: Record<"load" | "truncateAndLoad" | "upsert", string>;
  grantOnTable(grants: string, table: string): string;
  drop(): Promise<void>;
}
