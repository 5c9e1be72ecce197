import type { ColumnType } from "../../core/columns";
import { trinoDdlType } from "./types";

/**
 * SQL literals for Trino. The client protocol has no binary parameter channel: even the
 * official JDBC driver sends a prepared statement's values as literals after
 * `EXECUTE name USING`. Each value here is rendered by type, strings with '' doubling (Trino
 * string literals know no backslash escapes), so a value can never end its literal.
 */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** DOUBLE has no literal for NaN or the infinities; Trino's functions give them. */
function doubleLiteral(value: number): string {
  if (Number.isNaN(value)) return "nan()";
  if (value === Infinity) return "infinity()";
  if (value === -Infinity) return "-infinity()";
  return `DOUBLE ${stringLiteral(String(value))}`;
}

/** A run parameter (string, number, boolean or null) as a literal for `EXECUTE … USING`. */
export function parameterLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    // A whole number stays exact (INTEGER or BIGINT, as Trino types the digits); others are DOUBLE.
    return Number.isSafeInteger(value) ? String(value) : doubleLiteral(value);
  }
  if (typeof value === "bigint") return String(value);
  return stringLiteral(String(value));
}

const HEX_TEXT = /^\\x([0-9a-fA-F]{2})*$/;
/** The zone suffix of a canonical timestamptz: `+00`, `+05:30`, `-0800`. */
const ZONE_SUFFIX = /([+-])(\d{2}):?(\d{2})?$/;

/**
 * A canonical text value (canonical-text.md) in the form Trino's CAST from VARCHAR reads for
 * the column's type: a timestamptz's `+00` becomes ` +00:00`, binary loses its `\x`.
 */
export function castableText(text: string, type: ColumnType): string {
  switch (type.kind) {
    case "binary":
      if (!HEX_TEXT.test(text)) throw new Error("a binary value is not in canonical text form (\\x then hex digits)");
      return text.slice(2);
    case "timestamptz": {
      const zone = ZONE_SUFFIX.exec(text);
      if (!zone) return `${text} UTC`;
      return `${text.slice(0, zone.index).trim()} ${zone[1]}${zone[2]}:${zone[3] ?? "00"}`;
    }
    default:
      return text;
  }
}

/** The expression turning the VARCHAR `expression` (castableText) into the column's type. */
export function castExpression(expression: string, type: ColumnType): string {
  switch (type.kind) {
    case "text":
      return expression;
    case "json":
      return `json_parse(${expression})`;
    case "binary":
      return `from_hex(${expression})`;
    default:
      return `CAST(${expression} AS ${trinoDdlType(type)})`;
  }
}
