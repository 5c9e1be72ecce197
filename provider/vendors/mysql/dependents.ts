import type { TableReference } from "../../core/columns";
import type { TableDependents } from "../../core/vendor-contract";

type Rows = <Row>(sql: string, parameters: unknown[]) => Promise<Row[]>;

/** MySQL keeps table grants by name (mysql.tables_priv), so a table replaced under its name keeps them. */
export async function describeDependents(rows: Rows, table: TableReference): Promise<TableDependents> {
  const where = [table.path[table.path.length - 1], table.table];
  const indexes = await rows<{ name: string }>(
    "select distinct index_name as name from information_schema.statistics where table_schema = ? and table_name = ? order by 1",
    where,
  );
  const grants = await rows<{ grantee: string; privilege: string }>(
    "select grantee, privilege_type as privilege from information_schema.table_privileges where table_schema = ? and table_name = ? order by 1, 2",
    where,
  );
  return {
    indexes: indexes.map((index) => index.name),
    grants: grants.map((grant) => `${grant.grantee}: ${grant.privilege}`),
    grantsOnReplace: "keptByName",
  };
}
