/**
 * Run parameters are written `:name` in a job's SQL and bound as query parameters, never
 * spliced into the text. The scanner leaves alone what only looks like a parameter:
 * `::` casts, string literals, quoted identifiers, comments, dollar-quoted bodies, and array
 * slices (`a[lo:hi]`, `a[:hi]`) where the dialect has them.
 */
export type ParameterValue = string | number | boolean | null;

/** How a database spells placeholders, and the lexical forms inside which `:name` is not one. */
export interface PlaceholderStyle {
  /** `$1, $2` may repeat a number (numbered style); `?` takes one value per use. */
  numbered: boolean;
  /** Backslash escapes inside string literals. */
  backslashEscapes: boolean;
  /** `#` starts a line comment. */
  hashComments: boolean;
  /** Backticks quote names. */
  backtickNames: boolean;
  /** `$$…$$` and `$tag$…$tag$` string constants. */
  dollarQuotes: boolean;
  /** Block comments nest; elsewhere the first closing mark ends one. */
  nestedComments: boolean;
  /** `a[lo:hi]` slices an array: a `:` ending a bound inside brackets is no parameter. */
  arraySlices: boolean;
  /** `'''…'''` and `"""…"""` strings, which may hold single quotes. */
  tripleQuotes?: boolean;
}

export interface BoundStatement {
  sql: string;
  parameters: ParameterValue[];
  /** Parameter names the SQL uses, in order of first use. */
  used: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
/** What a slice's lower bound ends with (or the `[` of an open one): `a[lo:`, `a[2:`, `a[(i):`, `a[:`. */
const SLICE_BOUND_END = /[[A-Za-z0-9_)\]"'`]/;

/** The last character before `index` that is not white space. */
function previousSignificant(sql: string, index: number): string {
  let at = index - 1;
  while (at >= 0 && /\s/.test(sql[at])) at -= 1;
  return sql[at] ?? "";
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  while (index < sql.length) {
    const character = sql[index];
    if (backslashEscapes && character === "\\") index += 2;
    else if (character === quote && sql[index + 1] === quote) index += 2;
    else if (character === quote) return index + 1;
    else index += 1;
  }
  return index;
}

function skipTripleQuoted(sql: string, start: number, backslashEscapes: boolean): number {
  const quote = sql.slice(start, start + 3);
  let index = start + 3;
  while (index < sql.length) {
    if (backslashEscapes && sql[index] === "\\") index += 2;
    else if (sql.startsWith(quote, index)) return index + 3;
    else index += 1;
  }
  return index;
}

/** Nested block comments where the style says so; else the first closing mark ends one. */
function skipBlockComment(sql: string, start: number, nested: boolean): number {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql.startsWith("/*", index) && (nested || depth === 0)) {
      depth += 1;
      index += 2;
    } else if (sql.startsWith("*/", index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else index += 1;
  }
  return index;
}

function skipDollarQuoted(sql: string, start: number): number | undefined {
  const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start));
  if (!tag) return undefined;
  const end = sql.indexOf(tag[0], start + tag[0].length);
  return end < 0 ? sql.length : end + tag[0].length;
}

/**
 * Where the text that starts at `index` stops being something other than SQL code: the end of
 * a string literal, quoted name, comment or dollar-quoted body starting there; undefined when
 * code starts there. The one lexer every scan of a job's SQL shares (parameters, statements).
 */
export function skipNonCode(sql: string, index: number, style: PlaceholderStyle): number | undefined {
  const character = sql[index];
  if (style.tripleQuotes && (sql.startsWith("'''", index) || sql.startsWith('"""', index))) {
    return skipTripleQuoted(sql, index, style.backslashEscapes);
  }
  if (character === "'" || character === '"' || (character === "`" && style.backtickNames)) {
    // Without backslash escapes in general, they still apply in escape strings: E'it\'s'.
    const escapeString = character === "'" && /[Ee]/.test(sql[index - 1] ?? "") && !NAME_PART.test(sql[index - 2] ?? "");
    return skipQuoted(sql, index, character, (style.backslashEscapes && character !== "`") || escapeString);
  }
  if (sql.startsWith("--", index) || (character === "#" && style.hashComments)) {
    const end = sql.indexOf("\n", index);
    return end < 0 ? sql.length : end;
  }
  if (sql.startsWith("/*", index)) return skipBlockComment(sql, index, style.nestedComments);
  // A `$` inside a name (`a$b$c`) is part of the name, not a dollar quote.
  if (character === "$" && style.dollarQuotes && !/[A-Za-z0-9_$]/.test(sql[index - 1] ?? "")) return skipDollarQuoted(sql, index);
  return undefined;
}

/** Replaces each `:name` with a placeholder; a name without a value is an error naming it. */
export function bindParameters(sql: string, values: Readonly<Record<string, ParameterValue>>, style: PlaceholderStyle): BoundStatement {
  let output = "";
  let index = 0;
  const parameters: ParameterValue[] = [];
  const numbers = new Map<string, number>();
  const used: string[] = [];
  let bracketDepth = 0;
  while (index < sql.length) {
    const character = sql[index];
    let next = index + 1;
    const skipped = skipNonCode(sql, index, style);
    if (skipped !== undefined) {
      next = skipped;
    } else if (character === ":" && sql[index + 1] === ":") {
      next = index + 2;
    } else if (character === "[" || character === "]") {
      bracketDepth = Math.max(0, bracketDepth + (character === "[" ? 1 : -1));
    } else if (character === ":" && style.arraySlices && bracketDepth > 0 && SLICE_BOUND_END.test(previousSignificant(sql, index))) {
      // A slice's colon (`a[2:n]`, `a[:hi]`); a parameter inside a slice starts an operand: `a[(:lo):(:hi)]`.
      next = index + 1;
    } else if (character === ":" && NAME_START.test(sql[index + 1] ?? "") && sql[index - 1] !== ":") {
      let end = index + 1;
      while (end < sql.length && NAME_PART.test(sql[end])) end += 1;
      const name = sql.slice(index + 1, end);
      if (!(name in values)) {
        throw new Error(`the SQL uses :${name} but runParameters has no "${name}": add it to runParameters`);
      }
      if (!used.includes(name)) used.push(name);
      if (style.numbered) {
        if (!numbers.has(name)) {
          parameters.push(values[name]);
          numbers.set(name, parameters.length);
        }
        output += `$${numbers.get(name)}`;
      } else {
        parameters.push(values[name]);
        output += "?";
      }
      index = end;
      continue;
    }
    output += sql.slice(index, next);
    index = next;
  }
  return { sql: output, parameters, used };
}
