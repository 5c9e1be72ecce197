import type { ColumnKind, TableReference } from "../core/columns";
import type { FailureKind } from "../core/failures";
import { assertMayWrite, ownerStatement, readOwner, type TableOwner } from "../core/ownership";
import { createSchema, dropSchemaIfEmpty, dropTableIfExists } from "../core/schema-objects";
import { mayCreateTables } from "../core/sql-statements";
import { dropLeftoverStaging, stagingTableFor } from "../core/staging-tables";
import { withTableLock } from "../core/table-lock";
import type { ColumnTypes, DataSession, DescribedQuery, ResultColumn } from "../core/vendor-contract";
import type { JobGroupInputs } from "./job-group-schema";
import { bindSteps, createTableAs, runStep, StepError, type BoundStep } from "./job-steps";

/** Who writes the result, and what they may take over. */
export interface ResultWriter {
  /** This run's tag: its staging table carries it, so concurrent runs never share one. */
  runTag: string;
  owner: TableOwner | undefined;
  /** The run recorded beside the owner (destroy of a replaced resource keeps its replacement's table). */
  runId?: string;
  /** The resource's state says it wrote this table before. */
  knownFromState: boolean;
  adopt: boolean;
  signal: AbortSignal;
  /** Told once when another writer holds the table. */
  onWait: () => void;
}

/**
 * Runs the steps and materialises the last one's result as `target`, replacing the previous
 * result atomically, as the table's only writer. Where DDL is transactional everything runs
 * in one transaction; where DDL commits at once, the result is built in a staging table and
 * swapped in by the dialect's atomic replaceTable.
 *
 * `beforeSwap` (writing the job's files) runs on the finished staging table before the swap,
 * so a failure there replaces nothing. Files of a server database's result are written through
 * another connection, which sees the staging table only once it is committed: with
 * `beforeSwap`, the steps and the staging table commit first and the swap is a transaction
 * of its own.
 */
/** What a run left: the result's rows, and whether it created the result's schema (destroy drops only such a schema, once empty). */
export interface Materialised {
  rowCount: number;
  createdSchema: boolean;
}

export async function materialise(
  session: DataSession,
  inputs: JobGroupInputs,
  target: TableReference,
  writer: ResultWriter,
  beforeSwap?: (staging: TableReference) => Promise<void>,
): Promise<Materialised> {
  return withTableLock(session, target, writer.signal, writer.onWait, () => materialiseLocked(session, inputs, target, writer, beforeSwap));
}

async function materialiseLocked(
  session: DataSession,
  inputs: JobGroupInputs,
  target: TableReference,
  writer: ResultWriter,
  beforeSwap?: (staging: TableReference) => Promise<void>,
): Promise<Materialised> {
  const { dialect } = session;
  const steps = bindSteps(inputs, dialect);
  const setup = steps.slice(0, -1);
  const result = steps[steps.length - 1];
  const staging = stagingTableFor(target, writer.runTag);
  const transactional = dialect.transactionalDdl;
  await dropLeftoverStaging(session, target);
  if ((await session.describeTable(target)) !== undefined) {
    assertMayWrite({
      table: target,
      claimant: writer.owner,
      recorded: await readOwner(session, target),
      knownFromState: writer.knownFromState,
      adopt: writer.adopt,
    });
  }

  let inTransaction = false;
  const begin = async (): Promise<void> => {
    if (transactional) await session.execute(dialect.beginTransaction);
    inTransaction = transactional;
  };
  const commit = async (): Promise<void> => {
    if (inTransaction) await session.execute(dialect.commitTransaction);
    inTransaction = false;
  };
  await begin();
  let createdSchema = false;
  try {
    createdSchema = await createSchema(session, target.path);
    for (const step of setup) await runStep(session, step);
    // A resource's own staging table a killed run left (databases without writer locks).
    await dropTableIfExists(session, staging);
    await runStep(session, result, createTableAs(dialect, staging, result.sql));
    if (beforeSwap) {
      await commit();
      await beforeSwap(staging);
      await begin();
    }
    // Where DDL commits at once, the staging table carries the owner into place; else the
    // comment is part of the transaction that swaps the result in.
    const stampStaging = writer.owner ? ownerStatement(session, staging, writer.owner, writer.runId) : undefined;
    if (!transactional && stampStaging) await session.execute(stampStaging);
    const targetExists = (await session.describeTable(target)) !== undefined;
    for (const statement of dialect.replaceTable(target, staging.table, targetExists)) await session.execute(statement);
    const stampTarget = writer.owner ? ownerStatement(session, target, writer.owner, writer.runId) : undefined;
    if (transactional && stampTarget) await session.execute(stampTarget);
    await commit();
  } catch (error) {
    if (inTransaction) await session.execute(dialect.rollbackTransaction).catch(() => undefined);
    // Left behind where it was committed (DDL that commits at once, or before files were written).
    if (!transactional || beforeSwap) await dropTableIfExists(session, staging).catch(() => undefined);
    // So is a schema this run created: a failed run records no state, so nothing would ever drop it (only when empty).
    if (createdSchema && (!transactional || beforeSwap)) await dropSchemaIfEmpty(session, target.path).catch(() => undefined);
    throw error;
  }
  const [{ row_count: rowCount }] = await session.rows<{ row_count: unknown }>(
    `select count(*) as row_count from ${dialect.qualifiedName(target)}`,
  );
  return { rowCount: Number(rowCount), createdSchema };
}

/**
 * What preview learns of the result: its columns (undefined when they can only be known by
 * running earlier steps) and, where the engine estimates it, the bytes it would process.
 * Nothing a preview does may last: earlier steps run only inside a transaction that is always
 * rolled back, and only those the session's rehearse finds unable to commit or write outside
 * it; every other statement is only compiled.
 */
export async function previewResult(
  session: DataSession,
  inputs: JobGroupInputs,
  target: TableReference,
  classify: (error: unknown) => FailureKind,
): Promise<DescribedQuery | undefined> {
  const { dialect } = session;
  const steps = bindSteps(inputs, dialect);
  const setup = steps.slice(0, -1);
  const result = steps[steps.length - 1];
  const { rehearse } = session;
  if (dialect.transactionalDdl && rehearse) {
    // Setup steps (temporary tables, …) run inside a transaction that is always rolled back.
    await session.execute(dialect.beginTransaction);
    try {
      await createSchema(session, target.path);
      let skipped = false;
      for (const step of setup) {
        try {
          const notRun = (await rehearse(step.sql, step.parameters)) === "notRun";
          skipped = (notRun && mayCreateTables(step.sql, dialect.placeholders)) || skipped;
        } catch (error) {
          // A step reading what a statement left for the job created: known once the job runs
          // (the failed statement ended the transaction, so nothing more runs).
          if (skipped && classify(error) === "tableMissing") return undefined;
          throw new StepError(step.name, error);
        }
      }
      return await describeAfter(session, result, skipped, classify);
    } finally {
      await session.execute(dialect.rollbackTransaction).catch(() => undefined);
    }
  }
  // Without transactional DDL nothing may run at preview: each step is only compiled. Only a
  // step that could create a table may explain a missing one: a misspelled name after plain reads fails.
  let mayHaveCreated = false;
  let described = true;
  for (const step of setup) {
    try {
      await describeStep(session, step);
    } catch (error) {
      // A step reading what an earlier, not-run step creates is judged when the job runs; every
      // later step is still compiled, so its own errors (a syntax error) fail the preview.
      if (!mayHaveCreated || classify((error as StepError).cause) !== "tableMissing") throw error;
      described = false;
    }
    mayHaveCreated = mayHaveCreated || mayCreateTables(step.sql, dialect.placeholders);
  }
  const columns = await describeAfter(session, result, mayHaveCreated, classify);
  // A result compiled against tables an earlier step would change is no promise of its columns then.
  return described ? columns : undefined;
}

/** The result step's columns; undefined when it reads a table earlier steps create and preview did not run. */
async function describeAfter(
  session: DataSession,
  result: BoundStep,
  earlierNotRun: boolean,
  classify: (error: unknown) => FailureKind,
): Promise<DescribedQuery | undefined> {
  try {
    return await describeStep(session, result);
  } catch (error) {
    if (earlierNotRun && classify((error as StepError).cause) === "tableMissing") return undefined;
    throw error;
  }
}

async function describeStep(
  session: DataSession,
  step: { name: string; sql: string; parameters: unknown[] },
): Promise<DescribedQuery | undefined> {
  try {
    return await session.describe(step.sql, step.parameters);
  } catch (error) {
    throw new StepError(step.name, error);
  }
}

export interface ColumnProfile {
  name: string;
  nullCount: number;
  min: string | null;
  max: string | null;
}

/** Kinds whose values have an order every database can take min/max of. */
const ORDERED_KINDS: ReadonlySet<ColumnKind> = new Set([
  "smallint",
  "integer",
  "bigint",
  "numeric",
  "real",
  "double",
  "text",
  "date",
  "time",
  "timestamp",
  "timestamptz",
]);

/**
 * Null counts of every column, and min/max of ordered ones. A native type read as text (a
 * struct, a geometry) may have no min/max on its database: then only null counts are given.
 */
export async function profileTable(
  session: DataSession,
  table: TableReference,
  columns: ResultColumn[],
  columnTypes: ColumnTypes,
): Promise<ColumnProfile[]> {
  if (columns.length === 0) return [];
  const ordered = columns.map((column) => ORDERED_KINDS.has((column.type ?? columnTypes.fromNative(column.nativeType)).kind));
  try {
    return await profileRows(session, table, columns, ordered);
  } catch {
    return profileRows(
      session,
      table,
      columns,
      ordered.map(() => false),
    );
  }
}

async function profileRows(
  session: DataSession,
  table: TableReference,
  columns: ResultColumn[],
  ordered: boolean[],
): Promise<ColumnProfile[]> {
  const { dialect } = session;
  const selections = columns.flatMap((column, index) => {
    const name = dialect.quoteIdentifier(column.name);
    return [
      `count(*) - count(${name}) as n${index}`,
      ordered[index] ? `${dialect.asText(`min(${name})`)} as lo${index}` : `null as lo${index}`,
      ordered[index] ? `${dialect.asText(`max(${name})`)} as hi${index}` : `null as hi${index}`,
    ];
  });
  const [row] = await session.rows<Record<string, unknown>>(`select ${selections.join(", ")} from ${dialect.qualifiedName(table)}`);
  return columns.map((column, index) => ({
    name: column.name,
    nullCount: Number(row[`n${index}`]),
    min: row[`lo${index}`] === null || row[`lo${index}`] === undefined ? null : String(row[`lo${index}`]),
    max: row[`hi${index}`] === null || row[`hi${index}`] === undefined ? null : String(row[`hi${index}`]),
  }));
}
