import type { Column, TableReference } from "./columns";
import type { ColumnTypes, DataSession } from "./vendor-contract";

/**
 * Creating a schema and dropping a table: through the session's own API where it has one
 * (datasets and tables made through an API), else as the dialect's SQL.
 */
/** Whether the schema exists: through the session's API where it has one, else the dialect's catalog query. */
export async function schemaExists(session: DataSession, path: readonly string[]): Promise<boolean> {
  if (session.schemaExists) return session.schemaExists(path);
  return (await session.rows(session.dialect.schemaExists(path))).length > 0;
}

/** Creates the schema if it is missing; true when this call created it (destroy may drop only such a schema). */
export async function createSchema(session: DataSession, path: readonly string[]): Promise<boolean> {
  if (session.createSchema) return session.createSchema(path);
  // Only a missing schema is created: a user may hold rights on an existing schema but none to create one.
  if (await schemaExists(session, path)) return false;
  await session.execute(session.dialect.createSchema(path));
  return true;
}

/**
 * Drops a schema only when it holds nothing (another stack's table, a view someone added: it
 * stays): asked first, then dropped without CASCADE. Returns what it did, as a line for the user.
 */
export async function dropSchemaIfEmpty(session: DataSession, path: readonly string[]): Promise<string> {
  const where = path.join(".");
  const { dropEmptySchema } = session.dialect;
  if (!session.dropSchemaIfEmpty && !dropEmptySchema)
    return `kept schema ${where}: this database cannot drop a schema only when it is empty, so schemas are never dropped here`;
  try {
    if (session.dropSchemaIfEmpty) return (await session.dropSchemaIfEmpty(path)) ? droppedLine(where) : keptLine(where);
    if (!dropEmptySchema) return keptLine(where);
    if ((await session.rows(dropEmptySchema.objects(path))).length > 0) return keptLine(where);
    await session.execute(dropEmptySchema.drop(path));
    return droppedLine(where);
  } catch (error) {
    // Refused by the database (something the catalog query does not see is still in it, or
    // the user may not drop schemas): the schema stays, and the table's destroy still succeeds.
    return `kept schema ${where}: the database refused to drop it (${error instanceof Error ? error.message : String(error)})`;
  }
}

function droppedLine(where: string): string {
  return `dropped schema ${where} (this resource created it; it is empty now)`;
}

function keptLine(where: string): string {
  return `kept schema ${where}: it still holds tables or other objects`;
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
