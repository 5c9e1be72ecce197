/** Wording and DDL the vendor fixtures' atomic-publish targets share. */
export const NO_CONSTRAINTS = (vendor: string) => `${vendor} does not enforce PRIMARY KEY or UNIQUE constraints`;
export const NO_CHECK = (vendor: string) => `${vendor} has no CHECK constraints`;

/** The constrained target table: primary key on id, name at most 8 characters and NOT NULL, amount CHECK (amount >= 0). */
export const FULL_TABLE = (qualified: string, q: (name: string) => string, suffix = "") =>
  `create table ${qualified} (${q("id")} bigint primary key, ${q("name")} varchar(8) not null, ${q("amount")} bigint check (${q("amount")} >= 0))${suffix}`;

/** Like `'…'` in SQL, escaped for LIKE-free matching of a table name inside a query's text. */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The Postgres database atomic-publish targets on Postgres use; the source lives in the default one. */
export const TARGET_PG_DATABASE = "dataplane_target";
