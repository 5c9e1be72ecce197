import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DataplaneError } from "../../core/failures";
import type { DuckDBInstance } from "@duckdb/node-api";
import type { DuckdbConfiguration } from "./config";

/** A database the DuckDB engine opens: a local file, `:memory:`, or a URL such as `md:name`. */
export interface EngineDatabase {
  database: string;
  readOnly: boolean;
}

/**
 * What one DuckDB instance is opened with: the database, and instance options that may hold
 * secrets (a service token). Options go to the engine as configuration, never into the path.
 */
export interface EngineTarget extends EngineDatabase {
  options: Readonly<Record<string, string>>;
}

/**
 * A DuckDB file may be opened once per process, and one provider process serves every
 * resource of a stack, so all of them share one instance per database and options.
 */
const instances = new Map<string, Promise<DuckDBInstance>>();

/** A path DuckDB reads as a local file (not `:memory:`, not a URL such as `md:` or `s3://`). */
function isLocalFile(path: string): boolean {
  return path !== ":memory:" && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
}

function databaseKey({ database, readOnly }: EngineDatabase): string {
  return `${isLocalFile(database) ? resolve(database) : database}|${readOnly ? "read-only" : "read-write"}|`;
}

/** Different options (another token) get their own instance; the key holds their digest, not the secrets. */
function keyOf(engine: EngineTarget): string {
  const options = Object.entries(engine.options).sort(([left], [right]) => left.localeCompare(right));
  return databaseKey(engine) + createHash("sha256").update(JSON.stringify(options)).digest("hex");
}

export function engineInstance(engine: EngineTarget): Promise<DuckDBInstance> {
  const key = keyOf(engine);
  let instance = instances.get(key);
  if (!instance) {
    const options: Record<string, string> = { ...engine.options, ...(engine.readOnly ? { access_mode: "READ_ONLY" } : {}) };
    instance = import("@duckdb/node-api").then(({ DuckDBInstance }) => DuckDBInstance.create(engine.database, options));
    instances.set(key, instance);
    // A failed open is not cached: the next attempt tries the database again.
    instance.catch(() => instances.delete(key));
  }
  return instance;
}

/** Closes every instance of this database, whatever options opened it. */
export async function releaseEngine(database: EngineDatabase): Promise<void> {
  const prefix = databaseKey(database);
  const released = [...instances.entries()].filter(([key]) => key.startsWith(prefix));
  for (const [key] of released) instances.delete(key);
  for (const [, instance] of released) (await instance.catch(() => undefined))?.closeSync();
}

/** Opening would create the database file: it is a local file, not open in this process, and does not exist. */
export function databaseFileMissing(engine: EngineTarget): boolean {
  return isLocalFile(engine.database) && !instances.has(keyOf(engine)) && !existsSync(resolve(engine.database));
}

/**
 * What a preview uses in place of a database file that does not exist yet: an empty database
 * in memory, so the preview creates no file (the first up creates it). Undefined when the
 * shared instance serves. A missing folder fails here as it would at up (DuckDB creates the
 * file, not its folder); read-only opening creates nothing and fails on a missing file itself.
 */
export async function previewStandIn(engine: EngineTarget): Promise<{ instance: DuckDBInstance; notice: string } | undefined> {
  if (engine.readOnly || !databaseFileMissing(engine)) return undefined;
  const folder = dirname(resolve(engine.database));
  if (!existsSync(folder)) {
    throw new DataplaneError(
      "databaseMissing",
      `the folder ${dirname(engine.database)} of configuration.path does not exist: create it first (DuckDB creates the file, not its folder)`,
    );
  }
  const { DuckDBInstance } = await import("@duckdb/node-api");
  return {
    instance: await DuckDBInstance.create(":memory:"),
    notice: `${engine.database} does not exist yet: the first up creates it (preview used an empty database and created nothing)`,
  };
}

/** A DuckDB connection's database: its file (or `:memory:`), no instance options. */
export function duckdbEngineTarget(configuration: DuckdbConfiguration): EngineTarget {
  return { database: configuration.path, readOnly: configuration.readOnly, options: {} };
}

/** The shared instance of a DuckDB connection's file (tests and benchmarks reach the file through it). */
export function instanceFor(configuration: DuckdbConfiguration): Promise<DuckDBInstance> {
  return engineInstance(duckdbEngineTarget(configuration));
}

export function releaseInstance(configuration: DuckdbConfiguration): Promise<void> {
  return releaseEngine(duckdbEngineTarget(configuration));
}
