import { DataplaneError } from "../core/failures";
import { IDENTIFIER_PATTERN } from "../core/identifiers";
import type { Properties } from "../core/properties";

/**
 * A table taken under a Publication by `pulumi import` or the `import` resource option. The
 * engine reads an imported resource by its id alone, before the program's inputs (the
 * connection and its credentials among them) reach the provider, so nothing can be read from
 * the database then: the id names the table, and the first `up` publishes into it with the
 * program's inputs (the table stays: the publication did not create it).
 */

/** State an imported publication holds until its first publish: no connection yet. */
export function isImported(stored: Properties): boolean {
  return stored.connection === undefined;
}

/** The import id `schema.table` (or `database.schema.table`, as the target's path has it) as state. */
export function importedPublication(id: string, stateVersion: number): { id: string; props: Properties; inputs: Properties } {
  const parts = id.split(".");
  if (parts.length < 2 || parts.some((part) => part.trim() === "")) {
    throw new DataplaneError(
      "invalidConfiguration",
      `import id ${JSON.stringify(id)}: name the target table as schema.table (or database.schema.table), as the publication's path and table give it`,
    );
  }
  // The names check accepts, and no more than a database, a schema and a table: state and the
  // generated program get nothing a publication could not name.
  const refused = parts.filter((part) => !IDENTIFIER_PATTERN.test(part));
  if (parts.length > 3 || refused.length > 0) {
    throw new DataplaneError(
      "invalidConfiguration",
      parts.length > 3
        ? `import id ${JSON.stringify(id)}: name the target table as schema.table (or database.schema.table), as the publication's path and table give it`
        : `import id ${JSON.stringify(id)}: each part must be a plain SQL name: a letter or _, then letters, digits or _ (at most 63)`,
    );
  }
  const path = parts.slice(0, -1);
  const table = parts[parts.length - 1];
  return {
    id,
    props: { path, table, createdTable: false, status: "IMPORTED", publicationId: id, stateVersion },
    inputs: { path, table },
  };
}
