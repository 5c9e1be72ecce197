/**
 * Type names for the column definitions MySQL sends with a prepared statement. They are
 * what the server knows before running the query; the materialised table has exact types.
 */
const NAMES: Record<number, string> = {
  0: "decimal",
  1: "tinyint",
  2: "smallint",
  3: "int",
  4: "float",
  5: "double",
  6: "null",
  7: "timestamp",
  8: "bigint",
  9: "mediumint",
  10: "date",
  11: "time",
  12: "datetime",
  13: "year",
  15: "varchar",
  16: "bit",
  245: "json",
  246: "decimal",
  247: "enum",
  248: "set",
  249: "tinyblob",
  250: "mediumblob",
  251: "longblob",
  252: "blob",
  253: "varchar",
  254: "char",
  255: "geometry",
};

const BINARY_CHARACTER_SET = 63;
const TEXTUAL = new Set([15, 249, 250, 251, 252, 253, 254]);

export interface FieldDefinition {
  columnType: number;
  columnLength: number;
  decimals: number;
  characterSet: number;
  flags: number;
}

export function nativeTypeName(field: FieldDefinition): string {
  const name = NAMES[field.columnType] ?? `type ${field.columnType}`;
  if (TEXTUAL.has(field.columnType)) {
    const binary = field.characterSet === BINARY_CHARACTER_SET;
    if (field.columnType >= 249 && field.columnType <= 252) return binary ? name : name.replace("blob", "text");
    return binary ? (field.columnType === 254 ? "binary" : "varbinary") : name;
  }
  // TINYINT(1) and BIT(1) are how MySQL declares a boolean; a table's column_type says so too.
  if ((field.columnType === 1 || field.columnType === 16) && field.columnLength === 1) return `${name}(1)`;
  if (field.columnType === 246 || field.columnType === 0) {
    const unsigned = (field.flags & 32) !== 0;
    const precision = field.columnLength - (field.decimals > 0 ? 1 : 0) - (unsigned ? 0 : 1);
    return `decimal(${precision},${field.decimals})`;
  }
  return name;
}
