import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DataplaneError } from "../../core/failures";
import type { DuckDBInstance } from "@duckdb/node-api";
import type { DuckdbConfiguration } from "./config";

/**
 * A DuckDB file may be opened once per process, and one provider process serves every
 * resource of a stack, so all of them share one instance per file.
 */
const instances = new Map<string, Promise<DuckDBInstance>>();

function keyOf(configuration: DuckdbConfiguration): string {
  const file = configuration.path === ":memory:" ? ":memory:" : resolve(configuration.path);
  return `${file}|${configuration.readOnly ? "read-only" : "read-write"}`;
}

export function instanceFor(configuration: DuckdbConfiguration): Promise<DuckDBInstance> {
  const key = keyOf(configuration);
  let instance = instances.get(key);
  if (!instance) {
    instance = import("@duckdb/node-api").then(({ DuckDBInstance }) =>
      DuckDBInstance.create(configuration.path, configuration.readOnly ? { access_mode: "READ_ONLY" } : {}),
    );
    instances.set(key, instance);
    // A failed open is not cached: the next attempt tries the file again.
    instance.catch(() => instances.delete(key));
  }
  return instance;
}

export async function releaseInstance(configuration: DuckdbConfiguration): Promise<void> {
  const key = keyOf(configuration);
  const instance = instances.get(key);
  instances.delete(key);
  if (instance) (await instance.catch(() => undefined))?.closeSync();
}

/** A path DuckDB reads as a local file (not `:memory:`, not a URL such as `md:` or `s3://`). */
function isLocalFile(path: string): boolean {
  return path !== ":memory:" && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
}

/** Opening would create the database file: it is a local file, not open in this process, and does not exist. */
export function databaseFileMissing(configuration: DuckdbConfiguration): boolean {
  return isLocalFile(configuration.path) && !instances.has(keyOf(configuration)) && !existsSync(resolve(configuration.path));
}

/**
 * What a preview uses in place of a database file that does not exist yet: an empty database
 * in memory, so the preview creates no file (the first up creates it). Undefined when the
 * shared instance serves. A missing folder fails here as it would at up (DuckDB creates the
 * file, not its folder); read-only opening creates nothing and fails on a missing file itself.
 */
export async function previewStandIn(configuration: DuckdbConfiguration): Promise<{ instance: DuckDBInstance; notice: string } | undefined> {
  if (configuration.readOnly || !databaseFileMissing(configuration)) return undefined;
  const folder = dirname(resolve(configuration.path));
  if (!existsSync(folder)) {
    throw new DataplaneError("databaseMissing", `the folder ${dirname(configuration.path)} of configuration.path does not exist: create it first (DuckDB creates the file, not its folder)`);
  }
  const { DuckDBInstance } = await import("@duckdb/node-api");
  return {
    instance: await DuckDBInstance.create(":memory:"),
    notice: `${configuration.path} does not exist yet: the first up creates it (preview used an empty database and created nothing)`,
  };
}
