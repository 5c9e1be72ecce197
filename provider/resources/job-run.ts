import type { TableReference } from "../core/columns";
import type { DataSession, ResultColumn } from "../vendors/vendor";
import type { JobGroupInputs } from "./job-group-schema";
import { bindSteps, createTableAs, runStep, StepError, stagingName } from "./job-steps";

/**
 * Runs the steps and materialises the last one's result as `target`, replacing the previous
 * result atomically. Postgres and DuckDB do everything in one transaction; on MySQL, whose
 * DDL commits at once, the result is built in a staging table and swapped in by one RENAME.
 */
export async function materialise(session: DataSession, inputs: JobGroupInputs, target: TableReference): Promise<number> {
  const { dialect } = session;
  const steps = bindSteps(inputs, dialect);
  const setup = steps.slice(0, -1);
  const result = steps[steps.length - 1];
  const staging: TableReference = { path: target.path, table: stagingName(target.table) };
  const transactional = dialect.transactionalDdl;

  if (transactional) await session.execute(dialect.beginTransaction);
  try {
    await session.execute(dialect.createSchema(target.path));
    for (const step of setup) await runStep(session, step);
    await session.execute(`drop table if exists ${dialect.qualifiedName(staging)}`);
    await runStep(session, result, createTableAs(dialect, staging, result.sql));
    const targetExists = (await session.describeTable(target)) !== undefined;
    for (const statement of dialect.replaceTable(target, staging.table, targetExists)) await session.execute(statement);
    if (transactional) await session.execute("commit");
  } catch (error) {
    if (transactional) await session.execute("rollback").catch(() => undefined);
    else await session.execute(`drop table if exists ${dialect.qualifiedName(staging)}`).catch(() => undefined);
    throw error;
  }
  const [{ row_count: rowCount }] = await session.rows<{ row_count: unknown }>(
    `select count(*) as row_count from ${dialect.qualifiedName(target)}`,
  );
  return Number(rowCount);
}

/** Result columns learned at preview, or `undefined` when they can only be known by running earlier steps. */
export async function previewResult(
  session: DataSession,
  inputs: JobGroupInputs,
  target: TableReference,
): Promise<ResultColumn[] | undefined> {
  const { dialect } = session;
  const steps = bindSteps(inputs, dialect);
  const setup = steps.slice(0, -1);
  const result = steps[steps.length - 1];
  if (dialect.transactionalDdl) {
    // Setup steps (temporary tables, …) run inside a transaction that is always rolled back.
    await session.execute(dialect.beginTransaction);
    try {
      await session.execute(dialect.createSchema(target.path));
      for (const step of setup) await runStep(session, step);
      return await describeStep(session, result);
    } finally {
      await session.execute("rollback").catch(() => undefined);
    }
  }
  // Without transactional DDL nothing may run at preview: each step is only compiled.
  for (const step of setup) await describeStep(session, step).catch((error) => rethrowUnlessDescribeUnsupported(error, step.name));
  try {
    return await describeStep(session, result);
  } catch (error) {
    if (setup.length > 0 && /doesn't exist|no such table/i.test(String((error as StepError).cause))) return undefined;
    throw error;
  }
}

async function describeStep(session: DataSession, step: { name: string; sql: string; parameters: unknown[] }): Promise<ResultColumn[]> {
  try {
    return await session.describe(step.sql, step.parameters);
  } catch (error) {
    throw new StepError(step.name, error);
  }
}

/** MySQL cannot prepare every statement kind; those are judged when the job runs. */
function rethrowUnlessDescribeUnsupported(error: unknown, _step: string): void {
  const cause = (error as StepError).cause as { code?: string } | undefined;
  if (cause?.code === "ER_UNSUPPORTED_PS") return;
  throw error;
}

export interface ColumnProfile {
  name: string;
  nullCount: number;
  min: string | null;
  max: string | null;
}

/** Types without an order (or without min/max in some databases) get null counts only. */
const UNORDERED = /json|bytea|blob|binary|bool|struct|map|list|\[\]|uuid|geometry/i;

export async function profileTable(session: DataSession, table: TableReference, columns: ResultColumn[]): Promise<ColumnProfile[]> {
  if (columns.length === 0) return [];
  const { dialect } = session;
  const selections = columns.flatMap((column, index) => {
    const name = dialect.quoteIdentifier(column.name);
    const ordered = !UNORDERED.test(column.nativeType);
    return [
      `count(*) - count(${name}) as n${index}`,
      ordered ? `${dialect.asText(`min(${name})`)} as lo${index}` : `null as lo${index}`,
      ordered ? `${dialect.asText(`max(${name})`)} as hi${index}` : `null as hi${index}`,
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
