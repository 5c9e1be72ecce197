import type { ResultColumn } from "../core/vendor-contract";
import { DROPPING_ACTIONS, NEEDS_TABLE_ACTIONS } from "./publication-fit";
import type { PublicationInputs } from "./publication-schema";

/** What refresh found of a published target, and what the next up does about it. */
export interface TargetDrift {
  /** Empty when the table is as published. */
  reason: string;
  /** The sentence refresh prints after the reason: what up will do, or why it cannot. */
  consequence: string;
  /** A remark that is not drift (columns another team added, which the action keeps). */
  note?: string;
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(", ");

/**
 * How the columns changed since the publication last wrote the table. Columns it wrote that
 * were removed or retyped break the next publish; columns someone added only matter to actions
 * that replace the table (they would be removed), so for the others they are not drift.
 */
export function columnDrift(inputs: PublicationInputs, published: readonly ResultColumn[], current: readonly ResultColumn[]): TargetDrift {
  const where = `${inputs.path.join(".")}.${inputs.table}`;
  const now = new Map(current.map((column) => [column.name, column]));
  const before = new Set(published.map((column) => column.name));
  const removed = published.filter((column) => !now.has(column.name)).map((column) => column.name);
  const retyped = published.filter((column) => now.has(column.name) && now.get(column.name)?.nativeType !== column.nativeType);
  const added = current.filter((column) => !before.has(column.name)).map((column) => column.name);
  const changes = [
    ...(removed.length > 0 ? [`column ${quoted(removed)} removed`] : []),
    ...retyped.map((column) => `column "${column.name}" changed from ${column.nativeType} to ${now.get(column.name)?.nativeType}`),
  ];
  const replaces = DROPPING_ACTIONS.includes(inputs.action);
  if (changes.length > 0) {
    const consequence = replaces
      ? `the next up replaces the table (${inputs.action})${added.length > 0 ? ` and removes the added column ${quoted(added)}` : ""}`
      : `the next up publishes again if the source's columns still fit (preview checks them), else restore the columns or publish once with dropAndLoad`;
    return {
      reason: `target table ${where} has different columns: ${[...changes, ...(added.length > 0 ? [`column ${quoted(added)} added`] : [])].join(", ")}`,
      consequence,
    };
  }
  if (added.length === 0) return { reason: "", consequence: "" };
  if (replaces) {
    return {
      reason: `target table ${where} has different columns: column ${quoted(added)} added`,
      consequence: `the next up replaces the table (${inputs.action}) and removes the added column ${quoted(added)}; preview names the indexes and grants it removes or keeps`,
    };
  }
  return {
    reason: "",
    consequence: "",
    note: `target table ${where} has column ${quoted(added)} the publication does not write; ${inputs.action} keeps them`,
  };
}

/** What the next up does about a dropped target: create it again when this publication created it. */
export function droppedConsequence(inputs: PublicationInputs, createdTable: boolean): string {
  if (createdTable || !NEEDS_TABLE_ACTIONS.includes(inputs.action)) return "the next up creates it again and publishes";
  return `this publication did not create it, so the next up cannot publish (${inputs.action} needs the table): create the table again, or use createAndLoad`;
}
