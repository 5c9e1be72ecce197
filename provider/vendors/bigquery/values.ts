/**
 * BigQuery's REST rows hold every value as a string (`{"v": "…"}`), or null. These turn one
 * into canonical text (provider/core/transfer/canonical-text.md) by its schema type, without
 * the client's lossy conversions (INT64 to Number, TIMESTAMP to float seconds).
 */
export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  precision?: string;
  scale?: string;
}

const MICROSECONDS_PER_DAY = 86_400_000_000n;

/** Strips trailing zeros of a fractional part (`12:00:00.100000` → `12:00:00.1`), and a bare point. */
function trimFraction(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** `1.5E3` → `1500`, `-1.25E-3` → `-0.00125`; plain decimals only lose redundant zeros. */
export function plainDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, whole = "", fraction = "", exponentText] = match;
  const exponent = Number(exponentText ?? 0);
  let digits = `${whole}${fraction}`;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, "0");
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const decimals = digits.slice(point).replace(/0+$/, "");
  const body = decimals ? `${integer}.${decimals}` : integer;
  return sign === "-" && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Microseconds since the epoch → `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC. */
export function wallClockOfMicroseconds(microseconds: bigint): string {
  let days = microseconds / MICROSECONDS_PER_DAY;
  let within = microseconds % MICROSECONDS_PER_DAY;
  if (within < 0n) {
    within += MICROSECONDS_PER_DAY;
    days -= 1n;
  }
  const date = new Date(Number(days) * 86_400_000);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  const seconds = within / 1_000_000n;
  const fraction = String(within % 1_000_000n).padStart(6, "0");
  const hh = String(seconds / 3600n).padStart(2, "0");
  const mm = String((seconds / 60n) % 60n).padStart(2, "0");
  const ss = String(seconds % 60n).padStart(2, "0");
  return trimFraction(`${year}-${month}-${day} ${hh}:${mm}:${ss}.${fraction}`);
}

/** A TIMESTAMP as REST gives it: int64 microseconds (formatOptions.useInt64Timestamp) or float seconds (`1.7E9`). */
export function timestampMicroseconds(text: string): bigint {
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const seconds = plainDecimal(text);
  const [whole, fraction = ""] = seconds.replace("-", "").split(".");
  const magnitude = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6) || "0");
  return seconds.startsWith("-") ? -magnitude : magnitude;
}

/** Shortest text reading back to the same double, spelled like Postgres (`Infinity`, `NaN`, `1e+300`). */
export function canonicalDouble(text: string): string {
  const lowered = text.toLowerCase();
  if (lowered === "nan") return "NaN";
  if (lowered === "inf" || lowered === "infinity" || lowered === "+inf") return "Infinity";
  if (lowered === "-inf" || lowered === "-infinity") return "-Infinity";
  return String(Number(text));
}

/** One REST cell of `field` → canonical text (null stays null). */
export function canonicalText(field: SchemaField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") return JSON.stringify(value);
  switch (field.type.toUpperCase()) {
    case "BOOL":
    case "BOOLEAN":
      return value === "true" ? "t" : "f";
    case "NUMERIC":
    case "BIGNUMERIC":
    case "DECIMAL":
    case "BIGDECIMAL":
      return plainDecimal(value);
    case "FLOAT":
    case "FLOAT64":
      return canonicalDouble(value);
    case "BYTES":
      return `\\x${Buffer.from(value, "base64").toString("hex")}`;
    case "TIME":
      return trimFraction(value);
    case "DATETIME":
      return trimFraction(value.replace("T", " "));
    case "TIMESTAMP":
      return `${wallClockOfMicroseconds(timestampMicroseconds(value))}+00`;
    default:
      return value;
  }
}

/** One REST cell as a plain JS value for `rows()`: numbers where exact, canonical text otherwise. */
export function plainValue(field: SchemaField, value: unknown): unknown {
  const text = canonicalText(field, value);
  if (text === null) return null;
  switch (field.type.toUpperCase()) {
    case "BOOL":
    case "BOOLEAN":
      return text === "t";
    case "INT64":
    case "INTEGER": {
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : text;
    }
    case "FLOAT":
    case "FLOAT64":
      return Number(text);
    default:
      return text;
  }
}
