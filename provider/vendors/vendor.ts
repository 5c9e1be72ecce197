import type { FailureKind } from "../core/failures";
import type { TableName } from "../core/table-patterns";

/** A privilege a connection may be asked to prove during its test (`requirePrivileges`). */
export type RequiredPrivilege =
  | { privilege: "createTable"; schema: string }
  | { privilege: "select" | "insert"; table: string };

/** An open, authenticated session, used for one test or one indexing pass and then closed. */
export interface VendorSession {
  readonly serverVersion: string;
  listTables(): Promise<TableName[]>;
  hasPrivilege(required: RequiredPrivilege): Promise<boolean>;
  /** May the user create tables where this connection writes by default? */
  canPersist(): Promise<boolean>;
  close(): Promise<void>;
}

export interface ConnectionTarget<Configuration = unknown, Credentials = unknown> {
  configuration: Configuration;
  credentials: Credentials;
}

/**
 * What differs from one database to the next. Everything else (validation, merging, caching,
 * timeouts, redaction, classification wording) is shared in provider/core.
 */
export interface Vendor<Configuration = any, Credentials = any> {
  readonly dialectName: string;
  readonly canStream: boolean;
  /** Connects and authenticates; aborting the signal must destroy any socket at once. */
  open(target: ConnectionTarget<Configuration, Credentials>, signal: AbortSignal): Promise<VendorSession>;
  /** Sorts a driver error into a failure kind. */
  classify(error: unknown): FailureKind;
  /** Releases handles the vendor keeps for this configuration (embedded databases). */
  release?(configuration: Configuration): Promise<void>;
}
