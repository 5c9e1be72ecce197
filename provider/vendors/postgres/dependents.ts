import type { TableReference } from "../../core/columns";
import type { TableDependents } from "../../core/vendor-contract";
import { postgresDialect } from "./dialect";

type Rows = <Row>(sql: string, parameters: unknown[]) => Promise<Row[]>;

const INDEXES_SQL = "select indexname as name from pg_indexes where schemaname = $1 and tablename = $2 order by 1";

/** Privileges of everyone but the owner (who keeps all of them on the table it creates anew). */
const GRANTS_SQL = `select case when a.grantee = 0 then 'public' else quote_ident(r.rolname) end as grantee,
    a.privilege_type as privilege, a.is_grantable as grantable
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(c.relacl) a left join pg_roles r on r.oid = a.grantee
  where n.nspname = $1 and c.relname = $2 and a.grantee <> c.relowner order by 1, 2`;

/** Redshift speaks the protocol but has no aclexplode: its grants are reported as lost. */
const UNDEFINED_FUNCTION = "42883";

interface Grant {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

async function grantsOn(rows: Rows, table: TableReference): Promise<Grant[] | undefined> {
  try {
    return await rows<Grant>(GRANTS_SQL, [table.path[table.path.length - 1], table.table]);
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_FUNCTION) return undefined;
    throw error;
  }
}

export async function describeDependents(rows: Rows, table: TableReference): Promise<TableDependents> {
  const indexes = await rows<{ name: string }>(INDEXES_SQL, [table.path[table.path.length - 1], table.table]);
  const grants = await grantsOn(rows, table);
  return {
    indexes: indexes.map((index) => index.name),
    grants: (grants ?? []).map(
      (grant) => `${grant.grantee}: ${grant.privilege.toUpperCase()}${grant.grantable ? " with grant option" : ""}`,
    ),
    grantsOnReplace: grants ? "copied" : "lost",
  };
}

export async function copyGrants(rows: Rows, from: TableReference, to: TableReference): Promise<string[]> {
  return ((await grantsOn(rows, from)) ?? []).map(
    (grant) =>
      `grant ${grant.privilege} on ${postgresDialect.qualifiedName(to)} to ${grant.grantee}${grant.grantable ? " with grant option" : ""}`,
  );
}
