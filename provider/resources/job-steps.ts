import type { TableReference } from "../core/columns";
import { isDataplaneError } from "../core/failures";
import { withoutTrailingSemicolons } from "../core/sql-text";
import { bindParameters, type ParameterValue } from "../core/sql-parameters";
import { splitStatements, transactionControl } from "../core/sql-statements";
import type { DataSession, Dialect } from "../core/vendor-contract";
import type { JobGroupInputs } from "./job-group-schema";

export interface BoundStep {
  name: string;
  sql: string;
  parameters: ParameterValue[];
}

/**
 * A step is exactly one statement, and never transaction control: the job runs in a
 * transaction of its own, which preview rolls back, and a COMMIT in a step would end it and
 * make the preview's changes permanent. Refused on every vendor, at preview and at up alike.
 */
export function refuseUnsafeStatements(sql: string, dialect: Dialect): void {
  const statements = splitStatements(sql, dialect.placeholders);
  for (const statement of statements) {
    const control = transactionControl(statement, dialect.placeholders);
    if (control !== undefined) {
      throw new Error(
        `${control} is transaction control, and the job already runs in a transaction of its own (rolled back at preview, committed by up): remove BEGIN, COMMIT, ROLLBACK, END, ABORT, START TRANSACTION, SAVEPOINT, RELEASE, SET TRANSACTION and PREPARE TRANSACTION from the step`,
      );
    }
  }
  if (statements.length === 0) throw new Error("holds no statement, only comments or semicolons: give the step one SQL statement");
  if (statements.length > 1) {
    throw new Error(
      `holds ${statements.length} statements separated by semicolons, and a step runs exactly one: split it into one step per statement`,
    );
  }
}

/** Binds run parameters into every step; a missing one, or an unsafe statement, is an error naming the step. */
export function bindSteps(inputs: Pick<JobGroupInputs, "steps" | "runParameters">, dialect: Dialect): BoundStep[] {
  return inputs.steps.map((step) => {
    try {
      refuseUnsafeStatements(step.sql, dialect);
      const bound = bindParameters(step.sql, inputs.runParameters, dialect.placeholders);
      return { name: step.name, sql: bound.sql, parameters: bound.parameters };
    } catch (error) {
      throw new StepError(step.name, error);
    }
  });
}

/** A failure that names the step it happened in. */
export class StepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    // An already classified cause contributes its detail only: the hint is added once, by the caller.
    super(`step "${step}" failed: ${isDataplaneError(cause) ? cause.detail : cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StepError";
  }
}

export async function runStep(session: DataSession, step: BoundStep, sql = step.sql): Promise<number> {
  try {
    return await session.execute(sql, step.parameters);
  } catch (error) {
    throw new StepError(step.name, error);
  }
}

export function createTableAs(dialect: Dialect, table: TableReference, selectSql: string): string {
  return `create table ${dialect.qualifiedName(table)} as\n${withoutTrailingSemicolons(selectSql)}\n`;
}
