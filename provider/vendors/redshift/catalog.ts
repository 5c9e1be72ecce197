import type { TableReference } from "../../core/columns";
import { plainStringLiteral } from "../../core/sql-literals";
import type { SessionCatalog } from "../postgres/session";

/** The schema a table reference names, or the session's own (a bare name resolves through the search path). */
function schemaOf(table: TableReference): string {
  return table.path.length > 0 ? plainStringLiteral(table.path[table.path.length - 1]) : "current_schema()";
}

/**
 * Redshift's catalog is Postgres 8's: no arrays (so no unnest of a parameter array) and no
 * to_regclass. Types are named from a literal list; tables are found by schema and name.
 */
export const redshiftCatalog: SessionCatalog = {
  typeNames: (types) => ({
    text: `select format_type(t.oid, t.modifier) as name from (${types
      .map((type, position) => `select ${position} as position, ${Math.trunc(type.oid)} as oid, ${Math.trunc(type.modifier)} as modifier`)
      .join(" union all ")}) as t order by t.position`,
    values: [],
  }),
  tableColumns: (table) => ({
    text: `select a.attname as name, format_type(a.atttypid, a.atttypmod) as native_type, not a.attnotnull as nullable
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schemaOf(table)} and c.relname = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    values: [table.table],
  }),
};

/** A table's comment (one row, `table_comment`, NULL without one), found by schema and name. */
export function tableCommentSql(table: TableReference): string {
  return `select (select d.description from pg_description d join pg_class c on c.oid = d.objoid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schemaOf(table)} and c.relname = ${plainStringLiteral(table.table)} and d.objsubid = 0) as table_comment`;
}
