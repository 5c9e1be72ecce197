import type { TableReference } from "../../core/columns";
import type { TableDependents } from "../../core/vendor-contract";

type Rows = <Row>(sql: string, parameters: unknown[]) => Promise<Row[]>;

/** DuckDB has indexes but no users, so no grants. */
export async function describeDependents(rows: Rows, table: TableReference): Promise<TableDependents> {
  const indexes = await rows<{ name: string }>(
    "select index_name as name from duckdb_indexes() where database_name = current_database() and schema_name = $1 and table_name = $2 order by 1",
    [table.path[table.path.length - 1], table.table],
  );
  return { indexes: indexes.map((index) => index.name), grants: [], grantsOnReplace: "lost" };
}
