import type { ConnectionTarget, VendorRuntime } from "../../core/vendor-contract";
import { classifyDuckdbError, openSession } from "./driver";
import { duckdbFileWriter } from "./files";
import { releaseEngine, type EngineDatabase, type EngineTarget } from "./handles";
import { openDataSession } from "./session";
import { engineTransfer } from "./transfer";

/**
 * How a vendor's connection reaches a database through the DuckDB engine: which database it
 * opens, and the instance options its credentials become (kept out of the database name, so
 * a secret never lands in a path, a URL or a message quoting it).
 */
export interface EngineBinding<Configuration, Credentials> {
  database(configuration: Configuration): EngineDatabase;
  options(credentials: Credentials): Record<string, string>;
}

export function engineTargetOf<Configuration, Credentials>(
  binding: EngineBinding<Configuration, Credentials>,
  target: ConnectionTarget<Configuration, Credentials>,
): EngineTarget {
  return { ...binding.database(target.configuration), options: binding.options(target.credentials) };
}

/**
 * Everything the DuckDB engine does for a database it opens: sessions, data sessions, bulk
 * transfers, file writing and releasing the shared instance. DuckDB itself and any database
 * reached through the engine (with other instance options) are this runtime with their binding.
 */
export function engineRuntime<Configuration, Credentials>(
  binding: EngineBinding<Configuration, Credentials>,
): VendorRuntime<Configuration, Credentials> {
  const engineOf = (target: ConnectionTarget) => engineTargetOf(binding, target as ConnectionTarget<Configuration, Credentials>);
  return {
    open: (target, _signal, options) => openSession(engineOf(target), options),
    openData: (target, _signal, options) => openDataSession(engineOf(target), options),
    classify: classifyDuckdbError,
    transfer: engineTransfer(engineOf),
    files: duckdbFileWriter,
    release: (configuration) => releaseEngine(binding.database(configuration)),
  };
}
