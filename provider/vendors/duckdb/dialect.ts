import type { Dialect } from "../vendor";
import { postgresDialect } from "../postgres/dialect";

/**
 * DuckDB reads PostgreSQL's SQL for everything jobs and publications write: double-quoted
 * names, `$n` placeholders, `::text`, transactional DDL, TRUNCATE inside a transaction.
 */
export const duckdbDialect: Dialect = postgresDialect;
