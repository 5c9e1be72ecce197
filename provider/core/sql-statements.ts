import { skipNonCode, type PlaceholderStyle } from "./sql-parameters";

/**
 * A job's SQL read statement by statement with the same lexer that binds run parameters, so a
 * `;` or a keyword inside a string, a quoted name, a comment or a dollar-quoted body is never
 * taken for code.
 */

function startsComment(sql: string, index: number, style: PlaceholderStyle): boolean {
  return sql.startsWith("--", index) || sql.startsWith("/*", index) || (style.hashComments && sql[index] === "#");
}

/** The statements of `sql`, split at semicolons in code; statements holding only comments are left out. */
export function splitStatements(sql: string, style: PlaceholderStyle): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasCode = false;
  let index = 0;
  const close = (end: number) => {
    if (hasCode) statements.push(sql.slice(start, end).trim());
    start = end + 1;
    hasCode = false;
  };
  while (index < sql.length) {
    const skipped = skipNonCode(sql, index, style);
    if (skipped !== undefined) {
      if (!startsComment(sql, index, style)) hasCode = true;
      index = skipped;
    } else if (sql[index] === ";") {
      close(index);
      index += 1;
    } else {
      if (!/\s/.test(sql[index])) hasCode = true;
      index += 1;
    }
  }
  close(sql.length);
  return statements;
}

/**
 * The first `count` words of a statement's code, lower-cased. A string literal or quoted name
 * counts as one word, written `"…"`, so it can never read as a keyword; punctuation is skipped.
 */
export function leadingWords(statement: string, style: PlaceholderStyle, count = 6): string[] {
  const words: string[] = [];
  let index = 0;
  while (index < statement.length && words.length < count) {
    const skipped = skipNonCode(statement, index, style);
    if (skipped !== undefined) {
      if (!startsComment(statement, index, style)) words.push('"…"');
      index = skipped;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(statement.slice(index, index + 200));
    if (word) {
      words.push(word[0].toLowerCase());
      index += word[0].length;
    } else index += 1;
  }
  return words;
}

/**
 * The transaction control a statement is, spelled as SQL (`COMMIT`, `START TRANSACTION`), or
 * undefined. Covers every vendor's spelling: BEGIN, COMMIT, ROLLBACK, END, ABORT, START
 * TRANSACTION, SAVEPOINT, RELEASE, SET TRANSACTION, SET autocommit, PREPARE TRANSACTION,
 * COMMIT/ROLLBACK PREPARED, XA. BEGIN also opens some databases' script blocks,
 * which hold several statements and are refused as such anyway.
 */
export function transactionControl(statement: string, style: PlaceholderStyle): string | undefined {
  const words = leadingWords(statement, style, 4);
  const [first, second] = words;
  if (["begin", "commit", "rollback", "end", "abort", "savepoint", "release", "xa"].includes(first)) return first.toUpperCase();
  if (first === "start" && (second === "transaction" || second === "work")) return `START ${second.toUpperCase()}`;
  if (first === "prepare" && second === "transaction") return "PREPARE TRANSACTION";
  if (first === "set" && words.slice(1, 4).some((word) => word === "transaction" || word === "autocommit")) {
    return words.includes("autocommit") ? "SET autocommit" : "SET TRANSACTION";
  }
  return undefined;
}

/**
 * For a database whose driver runs every statement of a text (one that runs it as a script,
 * or where an account allows several): one statement per call, so text smuggling a
 * second one fails instead of running it.
 */
export function requireOneStatement(sql: string, style: PlaceholderStyle): string {
  const count = splitStatements(sql, style).length;
  if (count > 1) throw new Error(`the text holds ${count} statements, and one statement is run at a time: split it`);
  return sql;
}

/** Words a plain read starts with: it returns rows and creates nothing (unless it selects `into` somewhere). */
const READ_STARTS = new Set(["select", "with", "values", "show"]);

/**
 * Whether a statement could create a table or schema a later statement reads. Only a plain
 * read (SELECT, WITH, VALUES, SHOW without INTO) is known not to; anything else might.
 * Preview uses it to tell a table an earlier, not-run step would create from a misspelled one.
 */
export function mayCreateTables(statement: string, style: PlaceholderStyle): boolean {
  const words = leadingWords(statement, style, Number.POSITIVE_INFINITY);
  return !READ_STARTS.has(words[0] ?? "") || words.includes("into");
}
