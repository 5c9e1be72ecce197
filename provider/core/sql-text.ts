/**
 * A statement as it can be nested in another (`select * from (…)`, `create table … as …`):
 * trailing semicolons and whitespace removed. Callers put the closing parenthesis on a new
 * line, so a trailing `--` comment cannot swallow it.
 */
export function withoutTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, "");
}
