import type { Column } from "../core/columns";
import type { ColumnTypes, ResultColumn } from "../core/vendor-contract";
import { incompatibility } from "../core/column-compatibility";
import { DataplaneError } from "../core/failures";
import type { PublicationAction, PublicationInputs } from "./publication-schema";

/** Actions that only write into a table that is already there. */
export const NEEDS_TABLE_ACTIONS: readonly PublicationAction[] = ["load", "truncateAndLoad", "upsert"];
/** Actions whose republish replaces an existing table (create does, on a table it created or adopted). */
export const DROPPING_ACTIONS: readonly PublicationAction[] = ["create", "dropAndLoad"];
/** Actions that create the table, and so would take over one that exists. */
export const CREATING_ACTIONS: readonly PublicationAction[] = ["create", "createAndLoad", "dropAndLoad"];

/** What the publication knows of the target table: whether it exists, and whether this publication created it. */
export interface TargetFacts {
  exists: boolean;
  /** This publication created the table (state's createdTable), so it may create it again. */
  created: boolean;
  /** The publication published into this very table before: it was there, and now it is gone. */
  previouslyPublished: boolean;
}

/**
 * The action a publish runs for what exists, or a failure naming why it cannot and the fix.
 * A table this publication created and someone dropped is created again whatever the action
 * (drift repair); a table it did not create is never created behind the user's back.
 */
export function effectiveAction(inputs: PublicationInputs, target: TargetFacts): PublicationAction {
  const where = `${inputs.path.join(".")}.${inputs.table}`;
  if (!target.exists && NEEDS_TABLE_ACTIONS.includes(inputs.action)) {
    if (target.created) return "createAndLoad";
    const dropped = target.previouslyPublished ? " (any more), and this publication did not create it, so it does not create it again" : "";
    throw new DataplaneError(
      "invalidConfiguration",
      `action ${inputs.action} needs the table ${where}, which does not exist${dropped}: create it, or use createAndLoad`,
    );
  }
  if (target.exists && !target.created && !inputs.adopt && CREATING_ACTIONS.includes(inputs.action)) {
    throw new DataplaneError(
      "invalidConfiguration",
      `the table ${where} already exists and this publication did not create it; action ${inputs.action} would take it over: set adopt: true to do so, or use load, truncateAndLoad or upsert`,
    );
  }
  // Republishing a table this publication created (or adopted: allowed above) replaces it.
  if (target.exists && inputs.action === "create") return "dropAndLoad";
  return inputs.action;
}

/**
 * Every published column must exist in an existing target with a type that holds its values,
 * and upsert keys must be source columns. A failure names the column.
 */
export function checkColumnsCompatible(inputs: PublicationInputs, source: readonly Column[], target: readonly Column[]): void {
  const sourceColumns = source.map((column) => column.name);
  const missingKeys = inputs.keys.filter((key) => !sourceColumns.includes(key));
  if (missingKeys.length > 0) {
    throw new DataplaneError(
      "invalidConfiguration",
      `upsert key ${missingKeys.map((key) => `"${key}"`).join(", ")} is not a column of the source`,
    );
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

/**
 * Every source column has a type the target database can hold, judged on the type as the source
 * declares it (sourceTypes.declared); a failure names the column and the fix.
 */
export function checkColumnsLoadable(source: readonly ResultColumn[], sourceTypes: ColumnTypes, targetTypes: ColumnTypes): void {
  for (const column of source) {
    const type = sourceTypes.declared?.(column.nativeType) ?? column.type ?? sourceTypes.fromNative(column.nativeType);
    const refused = targetTypes.refuses?.(type);
    if (refused) throw new DataplaneError("invalidConfiguration", `column "${column.name}": ${refused}`);
  }
}
