import type { Column } from "../core/columns";
import { incompatibility } from "../core/column-compatibility";
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

/**
 * Every published column must exist in an existing target with a type that holds its values,
 * and upsert keys must be source columns. A failure names the column.
 */
export function checkColumnsCompatible(inputs: PublicationInputs, source: readonly Column[], target: readonly Column[]): void {
  const sourceColumns = source.map((column) => column.name);
  const missingKeys = inputs.keys.filter((key) => !sourceColumns.includes(key));
  if (missingKeys.length > 0) {
    throw new DataplaneError("invalidConfiguration", `upsert key ${missingKeys.map((key) => `"${key}"`).join(", ")} is not a column of the source`);
  }
  if (["create", "dropAndLoad"].includes(inputs.action)) return;
  const targetByName = new Map(target.map((column) => [column.name, column]));
  for (const column of source) {
    const into = targetByName.get(column.name);
    const problem = into && incompatibility(column.type, into.type);
    if (problem) {
      throw new DataplaneError(
        "invalidConfiguration",
        `column "${column.name}": ${problem} in ${inputs.path.join(".")}.${inputs.table}: change the job's result type, or publish with dropAndLoad`,
      );
    }
  }
  const missing = sourceColumns.filter((name) => !targetByName.has(name));
  if (missing.length > 0) {
    throw new DataplaneError(
      "invalidConfiguration",
      `column ${missing.map((name) => `"${name}"`).join(", ")} of the source does not exist in ${inputs.path.join(".")}.${inputs.table}: add it to the table, or publish with dropAndLoad`,
    );
  }
}
