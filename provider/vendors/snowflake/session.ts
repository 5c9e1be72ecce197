import type { TableReference } from "../../core/columns";
import { requireOneStatement } from "../../core/sql-statements";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { DataSession, DescribedQuery, ResultColumn } from "../../core/vendor-contract";
import { snowflakeDialect } from "./dialect";
import { connect, type SnowflakeClient, type SnowflakeTarget } from "./driver";
import { snowflakeNativeType, snowflakeRowtypeName } from "./types";

const TABLE_COLUMNS_SQL = `select column_name as "name", data_type as "type", numeric_precision as "precision",
    numeric_scale as "scale", character_maximum_length as "length", is_nullable as "nullable"
  from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position`;

/*
 * datetime_precision is left out: the emulator's information_schema lacks it, so times and
 * timestamps read as precision 9, the precision this provider creates them with.
 */

/** Statements Snowflake compiles without side effects in a describe-only request. */
const QUERY_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:select|with)\b/i;

interface ColumnRow {
  name: string;
  type: string;
  precision: number | string | null;
  scale: number | string | null;
  length: number | string | null;
}

interface TableColumnRow extends ColumnRow {
  nullable: string;
}

/** information_schema's data_type (`NUMBER`, `TEXT`, `TIMESTAMP_NTZ`) with its modifiers, as DDL spells it. */
export function nativeTypeOfColumn(row: ColumnRow): string {
  const type = row.type.toUpperCase();
  const number = (value: number | string | null) => (value === null ? undefined : Number(value));
  switch (type) {
    case "NUMBER":
      return `NUMBER(${number(row.precision) ?? 38},${number(row.scale) ?? 0})`;
    case "TEXT":
      return row.length === null || Number(row.length) >= 16777216 ? "VARCHAR" : `VARCHAR(${Number(row.length)})`;
    case "TIME":
    case "TIMESTAMP_NTZ":
    case "TIMESTAMP_TZ":
    case "TIMESTAMP_LTZ":
      return `${type}(9)`;
    default:
      return type;
  }
}

/**
 * Snowflake folds unquoted names to upper case: `select count(*) as row_count` answers
 * ROW_COUNT. Callers written for other databases read `row_count`, which names the same column
 * in Snowflake's own SQL, so each all-upper-case key is also given in lower case.
 */
export function withUnquotedSpellings(row: Record<string, unknown>): Record<string, unknown> {
  const spelled = { ...row };
  for (const [key, value] of Object.entries(row)) {
    const lower = key.toLowerCase();
    if (key === key.toUpperCase() && lower !== key && !(lower in spelled)) spelled[lower] = value;
  }
  return spelled;
}

export async function describeTable(client: SnowflakeClient, table: TableReference): Promise<ResultColumn[] | undefined> {
  const rows = await client.query<TableColumnRow>(TABLE_COLUMNS_SQL, [table.path[table.path.length - 1], table.table]);
  if (rows.length === 0) return undefined;
  return rows.map((row) => {
    const nativeType = nativeTypeOfColumn(row);
    return { name: row.name, nativeType, type: snowflakeNativeType(nativeType), nullable: row.nullable === "YES" };
  });
}

export async function openDataSession(target: SnowflakeTarget, signal: AbortSignal): Promise<DataSession> {
  const client = await connect(target, signal);
  const one = (sql: string) => requireOneStatement(sql, snowflakeDialect.placeholders);
  return {
    dialect: snowflakeDialect,
    execute: async (sql, parameters = []) => {
      const { statement } = await client.run(one(sql), [...parameters]);
      return Number(statement.getNumUpdatedRows() ?? 0);
    },
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) =>
      (await client.run(one(sql), [...parameters])).rows.map(withUnquotedSpellings) as Row[],
    // A describe-only request compiles the statement against the live schema and returns its
    // columns without running it; other statement kinds are judged when the job runs.
    describe: async (sql, parameters): Promise<DescribedQuery | undefined> => {
      if (!QUERY_START.test(sql)) return undefined;
      const { statement } = await client.run(withoutTrailingSemicolons(one(sql)), [...parameters], { describeOnly: true });
      return {
        columns: (statement.getColumns() ?? []).map((column) => ({
          name: column.getName(),
          nativeType: snowflakeRowtypeName(column.getType(), column.getPrecision(), column.getScale()),
        })),
      };
    },
    describeTable: (table) => describeTable(client, table),
    // The driver's cancel sends Snowflake's abort-request for the running query. Nothing here
    // reads whether the warehouse stopped it (fakesnow acknowledges and runs on), so it is not
    // reported as confirmed.
    cancel: async () => {
      await client.cancel();
      throw new Error("Snowflake acknowledged the abort request; whether the statement stopped is not checked");
    },
    close: client.close,
  };
}
