import type { ColumnType } from "../../core/columns";
import { snowflakeDdlType } from "./types";

/*
 * Canonical text (core/transfer/canonical-text.md) to and from what snowflake-sdk hands over
 * and binds. Pure functions; no driver import.
 */

interface SnowflakeDate {
  getEpochSeconds(): number;
  getNanoSeconds(): number;
}

/** `.ffffff` with trailing zeros dropped, or nothing for a whole second (Postgres's form). */
function fraction(nanoseconds: number): string {
  const micros = String(Math.floor(nanoseconds / 1000))
    .padStart(6, "0")
    .replace(/0+$/, "");
  return micros === "" ? "" : `.${micros}`;
}

function wallClock(value: SnowflakeDate): string {
  const iso = new Date(value.getEpochSeconds() * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction(value.getNanoSeconds())}`;
}

/** One value as the driver returns it (fetchAsString for numbers and JSON) → canonical text. */
export function canonicalText(type: ColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "boolean":
      return value === true || value === "true" ? "t" : "f";
    case "smallint":
    case "integer":
    case "bigint":
    case "numeric":
    case "json":
      // fetchAsString spells a SQL NULL "NULL"; no number or JSON text reads so.
      return value === "NULL" ? null : String(value);
    case "real":
    case "double":
      return value === "NULL" ? null : String(Number(value));
    case "date":
      return new Date((value as SnowflakeDate).getEpochSeconds() * 1000).toISOString().slice(0, 10);
    case "time": {
      // to_char(…, 'HH24:MI:SS.FF6') text: drop the zeros Postgres would not print.
      const text = String(value);
      return text === "NULL" ? null : text.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
    }
    case "timestamp":
      return wallClock(value as SnowflakeDate);
    case "timestamptz":
      return `${wallClock(value as SnowflakeDate)}+00`;
    case "binary":
      return `\\x${Buffer.from(value as Uint8Array).toString("hex")}`;
    default:
      return String(value);
  }
}

/** Canonical text → the string bound for it; loadExpression turns it into the column's type. */
export function loadValue(type: ColumnType, text: string | null): string | null {
  if (text === null) return null;
  switch (type.kind) {
    case "boolean":
      return text === "t" ? "true" : "false";
    case "binary":
      return text.slice(2);
    case "timestamptz": {
      // `2024-02-29 12:00:00.000001+00` → ISO 8601 with a full offset, which Snowflake's AUTO format reads.
      const match = /^(.*?)([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
      return match ? `${match[1].replace(" ", "T")}${match[2]}:${match[3] ?? "00"}` : text;
    }
    default:
      return text;
  }
}

/** The SELECT expression turning a bound text column (`column1` of VALUES) into the column's type. */
export function loadExpression(type: ColumnType, name: string): string {
  switch (type.kind) {
    case "json":
      return `parse_json(${name})`;
    case "binary":
      return `to_binary(${name}, 'HEX')`;
    case "text":
      return name;
    default:
      return `cast(${name} as ${snowflakeDdlType(type)})`;
  }
}
