import type { Column, TableReference } from "./columns";
import type { ColumnTypes, DataSession } from "./vendor-contract";

/**
 * Creating a schema and dropping a table: through the session's own API where it has one
 * (datasets and tables made through an API), else as the dialect's SQL.
 */
export async function createSchema(session: DataSession, path: readonly string[]): Promise<void> {
  if (session.createSchema) return session.createSchema(path);
  // Only a missing schema is created: a user may hold rights on an existing schema but none to create one.
  if ((await session.rows(session.dialect.schemaExists(path))).length > 0) return;
  await session.execute(session.dialect.createSchema(path));
}

export async function dropTableIfExists(session: DataSession, table: TableReference): Promise<void> {
  if (session.dropTableIfExists) return session.dropTableIfExists(table);
  await session.execute(`drop table if exists ${session.dialect.qualifiedName(table)}`);
}

/** Creates an empty table with these canonical columns, each as the database's native type. */
export async function createEmptyTable(
  session: DataSession,
  table: TableReference,
  columns: readonly Column[],
  columnTypes: ColumnTypes,
): Promise<void> {
  const { dialect } = session;
  const definitions = columns.map((column) => `${dialect.quoteIdentifier(column.name)} ${columnTypes.toNative(column.type)}`);
  await session.execute(`create table ${dialect.qualifiedName(table)} (${definitions.join(", ")})`);
}
