/**
 * What the test-only Redshift proxy (redshift-proxy.ts) decides about one statement, as pure
 * functions: which statements Redshift refuses (with Redshift-like messages), and the
 * `COPY … FROM 's3://…'` it serves itself. Statements are judged on their text with string
 * literals, quoted names and comments masked, so a value or a name never trips a rule.
 */

/** Types Postgres has and Redshift does not: a table declaring one is refused. */
const MISSING_TYPES = [
  "jsonb",
  "json",
  "uuid",
  "bytea",
  "inet",
  "cidr",
  "macaddr",
  "xml",
  "money",
  "serial",
  "bigserial",
  "smallserial",
  "tsvector",
  "interval",
];

/** Functions Redshift does not have. */
const MISSING_FUNCTIONS = [
  "pg_try_advisory_lock",
  "pg_advisory_lock",
  "pg_advisory_unlock",
  "pg_advisory_xact_lock",
  "aclexplode",
  "to_regclass",
  "starts_with",
  "unnest",
];

/** The text with literals, quoted names, dollar quotes and comments replaced by blanks of equal length. */
export function maskedText(sql: string): string {
  let out = "";
  let index = 0;
  while (index < sql.length) {
    const character = sql[index];
    const next = sql[index + 1];
    let end = index + 1;
    if (character === "'" || character === '"') {
      // Redshift reads a backslash in a literal as an escape; a doubled quote is one quote.
      while (end < sql.length) {
        if (character === "'" && sql[end] === "\\") end += 2;
        else if (sql[end] === character && sql[end + 1] === character) end += 2;
        else if (sql[end++] === character) break;
      }
      end = Math.min(end, sql.length);
      out += character + " ".repeat(Math.max(0, end - index - 2)) + (end - index >= 2 ? character : "");
      index = end;
      continue;
    }
    if (character === "-" && next === "-") {
      end = sql.indexOf("\n", index);
      end = end < 0 ? sql.length : end;
    } else if (character === "/" && next === "*") {
      end = sql.indexOf("*/", index + 2);
      end = end < 0 ? sql.length : end + 2;
    } else if (character === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index));
      if (tag) {
        const close = sql.indexOf(tag[0], index + tag[0].length);
        end = close < 0 ? sql.length : close + tag[0].length;
      }
    }
    out += end === index + 1 ? character : " ".repeat(end - index);
    index = end;
  }
  return out.slice(0, sql.length);
}

/** The statements of a simple-protocol query text, split at semicolons outside literals and comments. */
export function splitStatements(sql: string): string[] {
  const masked = maskedText(sql);
  const statements: string[] = [];
  let start = 0;
  for (let index = 0; index <= masked.length; index++) {
    if (index === masked.length || masked[index] === ";") {
      const statement = sql.slice(start, index).trim();
      if (statement !== "") statements.push(statement);
      start = index + 1;
    }
  }
  return statements;
}

export interface Refusal {
  message: string;
  /** The SQLSTATE Redshift reports. */
  code: string;
}

/**
 * Why Redshift would refuse this statement, or undefined. `inTransaction`: a BEGIN is open,
 * where Redshift's TRUNCATE would commit it (the proxy refuses instead, so a test sees it).
 */
export function redshiftRefusal(sql: string, inTransaction: boolean): Refusal | undefined {
  const masked = maskedText(sql).toLowerCase();
  const words = masked.trim().split(/\s+/);
  if (words[0] === "copy") {
    if (/\bto\s+stdout\b/.test(masked) || /^copy\s*\(/.test(masked.trim()) || /\bto\s+'/.test(masked)) {
      return { message: "COPY TO is not supported: unload to Amazon S3 with UNLOAD, or read with a cursor", code: "0A000" };
    }
    if (/\bfrom\s+stdin\b/.test(masked)) return { message: "COPY FROM STDIN is not supported: load from Amazon S3", code: "0A000" };
    if (s3CopyOf(sql) === undefined) return { message: "COPY supports only FROM 's3://…' in this emulation", code: "0A000" };
  }
  if (/\bon\s+conflict\b/.test(masked)) return { message: 'syntax error at or near "ON"', code: "42601" };
  if (words[0] === "truncate" && inTransaction) {
    return {
      message: "TRUNCATE commits the open transaction on Redshift (refused by the test proxy): use DELETE FROM inside a transaction",
      code: "25001",
    };
  }
  for (const name of MISSING_FUNCTIONS) {
    if (new RegExp(`\\b${name}\\s*\\(`).test(masked)) return { message: `function ${name} does not exist`, code: "42883" };
  }
  // A cast to an array type (`$1::oid[]`, `::numeric(10,2)[]`) or an ARRAY[…] constructor.
  if (/::\s*[a-z_][\w ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?\s*\[\s*\]/.test(masked) || /\barray\s*\[/.test(masked)) {
    return { message: "Redshift has no array types: arrays are not supported", code: "0A000" };
  }
  const ddl =
    (words[0] === "create" && (words.includes("table") || words[1] === "temp" || words[1] === "temporary")) ||
    (words[0] === "alter" && words[1] === "table");
  if (ddl) {
    // Types after a column name; CREATE TABLE … AS SELECT takes its types from the query.
    const declared = masked.replace(/\bas\s+(select|with|values|\()[\s\S]*$/, "");
    const arrayColumn = /\w\s*\[\s*\d*\s*\]/.exec(declared);
    if (arrayColumn) return { message: 'Column has unsupported type "array"', code: "0A000" };
    for (const type of MISSING_TYPES) {
      if (new RegExp(`(^|[\\s,(])${type}(\\s*\\(|[\\s,)]|$)`).test(declared)) {
        return { message: `Column has unsupported type "${type}"`, code: "0A000" };
      }
    }
  }
  return undefined;
}

/** A `COPY … FROM 's3://…'` as the proxy serves it. */
export interface S3Copy {
  /** The table and optional column list, as written. */
  into: string;
  bucket: string;
  prefix: string;
  gzip: boolean;
  csv: boolean;
  nullText?: string;
  region?: string;
  iamRole?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** A Redshift string literal's value: backslashes escape, as Redshift reads them. */
function literalValue(literal: string): string {
  return literal.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, "$1");
}

const LITERAL = String.raw`'(?:[^'\\]|\\.|'')*'`;

/** The parts of a `COPY table [(columns)] FROM 's3://bucket/prefix' options…`, or undefined when it is not one. */
export function s3CopyOf(sql: string): S3Copy | undefined {
  const head = new RegExp(String.raw`^\s*copy\s+([\s\S]+?)\s+from\s+(${LITERAL})([\s\S]*)$`, "i").exec(sql.replace(/;\s*$/, ""));
  if (!head) return undefined;
  const location = /^s3:\/\/([^/]+)\/?(.*)$/.exec(literalValue(head[2]));
  if (!location) return undefined;
  const copy: S3Copy = { into: head[1], bucket: location[1], prefix: location[2], gzip: false, csv: false };
  let rest = head[3].trim();
  const option = (pattern: string): RegExpExecArray | null => {
    const match = new RegExp(`^${pattern}\\s*`, "i").exec(rest);
    if (match) rest = rest.slice(match[0].length);
    return match;
  };
  while (rest !== "") {
    let match: RegExpExecArray | null;
    if ((match = option(`iam_role\\s+(${LITERAL})`))) copy.iamRole = literalValue(match[1]);
    else if ((match = option(`access_key_id\\s+(${LITERAL})`))) copy.accessKeyId = literalValue(match[1]);
    else if ((match = option(`secret_access_key\\s+(${LITERAL})`))) copy.secretAccessKey = literalValue(match[1]);
    else if ((match = option(`session_token\\s+(${LITERAL})`))) copy.sessionToken = literalValue(match[1]);
    else if ((match = option(`credentials\\s+(${LITERAL})`))) {
      for (const pair of literalValue(match[1]).split(";")) {
        const [key, value] = pair.split("=");
        if (key === "aws_access_key_id") copy.accessKeyId = value;
        if (key === "aws_secret_access_key") copy.secretAccessKey = value;
        if (key === "aws_iam_role") copy.iamRole = value;
        if (key === "token") copy.sessionToken = value;
      }
    } else if ((match = option(`region\\s+(?:as\\s+)?(${LITERAL})`))) copy.region = literalValue(match[1]);
    else if ((match = option(`null\\s+(?:as\\s+)?(${LITERAL})`))) copy.nullText = literalValue(match[1]);
    else if (option("format\\s+(?:as\\s+)?csv\\b") || option("csv\\b")) copy.csv = true;
    else if (option("gzip\\b")) copy.gzip = true;
    else return undefined;
  }
  return copy;
}

/** The Postgres statement the proxy runs on its upstream for an S3 copy: the objects' bytes follow as COPY data. */
export function upstreamCopy(copy: S3Copy): string {
  const options = [copy.csv ? "format csv" : "format text"];
  if (copy.nullText !== undefined) options.push(`null '${copy.nullText.replace(/'/g, "''")}'`);
  return `COPY ${copy.into} FROM STDIN WITH (${options.join(", ")})`;
}

/** A statement making the upstream raise `refusal` as its own error, so transaction state and the protocol stay the server's. */
export function raisingStatement(refusal: Refusal): string {
  const message = refusal.message.replace(/\$/g, "");
  return `DO $dataplane_refusal$ BEGIN RAISE EXCEPTION USING MESSAGE = '${message.replace(/'/g, "''")}', ERRCODE = '${refusal.code}'; END $dataplane_refusal$`;
}
