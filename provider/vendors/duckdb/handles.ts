import { resolve } from "node:path";
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
