import type { TableReference } from "../core/columns";
import { isDataplaneError } from "../core/failures";
import { withoutTrailingSemicolons } from "../core/sql-text";
import { bindParameters, type ParameterValue } from "../core/sql-parameters";
import type { DataSession, Dialect } from "../vendors/vendor";
import type { JobGroupInputs } from "./job-group-schema";

export interface BoundStep {
  name: string;
  sql: string;
  parameters: ParameterValue[];
}

/** Binds run parameters into every step; a missing one is an error naming the step. */
export function bindSteps(inputs: Pick<JobGroupInputs, "steps" | "runParameters">, dialect: Dialect): BoundStep[] {
  return inputs.steps.map((step) => {
    try {
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
