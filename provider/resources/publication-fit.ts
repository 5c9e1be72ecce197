import { DataplaneError } from "../core/failures";
import type { PublicationInputs } from "./publication-schema";

/** Whether the action makes sense for what exists; `owned` means this publication created the table. */
export function checkActionFits(inputs: PublicationInputs, exists: boolean, owned: boolean): void {
  const where = `${inputs.path.join(".")}.${inputs.table}`;
  const needsTable = ["load", "truncateAndLoad", "upsert"].includes(inputs.action);
  if (needsTable && !exists) {
    throw new DataplaneError("invalidConfiguration", `action ${inputs.action} needs the table ${where}, which does not exist: create it, or use createAndLoad`);
  }
  if (exists && !owned && !inputs.adopt && ["create", "createAndLoad", "dropAndLoad"].includes(inputs.action)) {
    throw new DataplaneError(
      "invalidConfiguration",
      `the table ${where} already exists and this publication did not create it; action ${inputs.action} would take it over: set adopt: true to do so, or use load, truncateAndLoad or upsert`,
    );
  }
}

/** Every published column must exist in an existing target, keys included. */
export function checkColumnsCompatible(inputs: PublicationInputs, sourceColumns: string[], target: ReadonlyArray<{ name: string }>): void {
  if (["create", "dropAndLoad"].includes(inputs.action)) return;
  const targetNames = new Set(target.map((column) => column.name));
  const missing = sourceColumns.filter((name) => !targetNames.has(name));
  if (missing.length > 0) {
    throw new DataplaneError(
      "invalidConfiguration",
      `column ${missing.map((name) => `"${name}"`).join(", ")} of the source does not exist in ${inputs.path.join(".")}.${inputs.table}: add it to the table, or publish with dropAndLoad`,
    );
  }
  const missingKeys = inputs.keys.filter((key) => !sourceColumns.includes(key));
  if (missingKeys.length > 0) {
    throw new DataplaneError("invalidConfiguration", `upsert key ${missingKeys.map((key) => `"${key}"`).join(", ")} is not a column of the source`);
  }
}
