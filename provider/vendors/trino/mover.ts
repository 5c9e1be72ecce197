import type { ResultColumn, RowMover } from "../../core/vendor-contract";
import { trinoDialect } from "./dialect";

const { quoteIdentifier, qualifiedName } = trinoDialect;

/** Trino names a column by its lower-cased name whatever the connector's database stores. */
function columnOf(columns: readonly ResultColumn[], name: string): ResultColumn | undefined {
  return columns.find((column) => column.name.toLowerCase() === name.toLowerCase());
}

const isText = (nativeType: string): boolean => /^(varchar|char)\b/i.test(nativeType);

/**
 * The SELECT expression turning a source column into the target column's type, in the engine.
 * Connectors map the databases' types differently (a zone-less DATETIME where the source has
 * a timestamp with time zone, VARCHAR where it has JSON), and Trino's INSERT coerces only
 * between a few types, so each column is cast to the type the target catalog reports. An
 * instant kept in a zone-less column is its UTC wall clock, as every other load writes it.
 */
export function convertedColumn(name: string, source: ResultColumn | undefined, target: ResultColumn | undefined): string {
  const quoted = quoteIdentifier(name.toLowerCase());
  if (!source || !target || source.nativeType === target.nativeType) return quoted;
  const sourceKind = source.type?.kind;
  const targetType = target.nativeType;
  if (sourceKind === "timestamptz" && target.type?.kind !== "timestamptz" && !isText(targetType)) {
    return `CAST(at_timezone(${quoted}, 'UTC') AS ${targetType})`;
  }
  // Text is never cast to a bounded length: CAST(… AS VARCHAR(8)) cuts a longer value short
  // without a word, where the INSERT's own coercion refuses it, as the target database would.
  if (isText(targetType)) {
    if (isText(source.nativeType)) return quoted;
    // CAST(json AS VARCHAR) takes only a JSON scalar: json_format writes any value's text.
    return sourceKind === "json" ? `json_format(${quoted})` : `CAST(${quoted} AS VARCHAR)`;
  }
  if (target.type?.kind === "json" && source.type?.kind !== "json") return `json_parse(CAST(${quoted} AS VARCHAR))`;
  return `CAST(${quoted} AS ${targetType})`;
}

/**
 * Trino as the mover: a catalog's table is `[catalog, schema]` plus its name (a MySQL
 * database is a schema there), and the move is one INSERT … SELECT across catalogs, planned
 * and run by Trino's workers, reading and writing through its connectors. On the JDBC
 * connectors the INSERT writes a temporary table and copies it into the target in one
 * statement when it commits, so a failing value leaves the target as it was.
 */
export const trinoRowMover: RowMover = {
  tableIn: (catalog, table) => ({ path: [catalog, table.path[table.path.length - 1]], table: table.table }),
  insertSelect: (source, target, columns) => {
    const names = columns.map((name) => quoteIdentifier(name.toLowerCase()));
    const selected = columns.map((name) => convertedColumn(name, columnOf(source.columns, name), columnOf(target.columns, name)));
    return `insert into ${qualifiedName(target.table)} (${names.join(", ")}) select ${selected.join(", ")} from ${qualifiedName(source.table)}`;
  },
  createTableAs: (source, target, columns) =>
    `create table ${qualifiedName(target)} as select ${columns.map((name) => quoteIdentifier(name.toLowerCase())).join(", ")} from ${qualifiedName(source)} with no data`,
};
