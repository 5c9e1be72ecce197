import { type ColumnType, describeColumnType } from "../../core/columns";
import { postgresDdlType } from "../postgres/types";

/** Redshift's widest VARCHAR, in bytes: its TEXT is VARCHAR(256), which would cut longer values. */
export const WIDEST_TEXT_BYTES = 65535;
const WIDEST_TEXT = `varchar(${WIDEST_TEXT_BYTES})`;
/** Redshift's NUMERIC holds at most this many digits. */
const WIDEST_NUMERIC = 38;

/**
 * Why a column of this kind cannot be published into Redshift, naming the type and the fix;
 * undefined when it can. Binary values have no load path here (Redshift's VARBYTE reads no
 * canonical `\x` text); a NUMERIC without precision would become Redshift's NUMERIC(18,0),
 * dropping every decimal; one of more than 38 digits (a DuckDB HUGEINT holds 39) and a text
 * declared longer than 65535 characters have no Redshift type to hold them. A text declared
 * at most that long is created as VARCHAR(65535), which counts bytes: a value whose UTF-8 is
 * longer fails the load (load.ts), naming the column.
 */
export function redshiftRefusedType(type: ColumnType): string | undefined {
  const declared = describeColumnType(type);
  if (type.kind === "binary")
    return "Redshift cannot load binary values here: encode the column as text in the job's SQL (for example encode(column, 'hex'))";
  if (type.kind === "numeric" && type.precision === undefined) {
    return "a NUMERIC without precision would become Redshift's NUMERIC(18,0) and lose its decimals: cast the column to numeric(p,s) in the job's SQL";
  }
  if (type.kind === "numeric" && (type.precision ?? 0) > WIDEST_NUMERIC)
    return `${declared} does not fit Redshift, whose NUMERIC holds at most ${WIDEST_NUMERIC} digits: cast the column to numeric(${WIDEST_NUMERIC},s), bigint or double precision in the job's SQL`;
  if (type.kind === "text" && (type.length ?? 0) > WIDEST_TEXT_BYTES)
    return `${declared} does not fit Redshift, whose widest VARCHAR holds ${WIDEST_TEXT_BYTES} bytes: cast the column to varchar(${WIDEST_TEXT_BYTES}) or shorter in the job's SQL`;
  return undefined;
}

/**
 * Canonical → Redshift column type. Kinds Redshift lacks are converted: JSON to text (SUPER would
 * need JSON_PARSE at load), UUID to CHAR(36); refused kinds throw (preview names them first).
 */
export function redshiftDdlType(type: ColumnType): string {
  const refused = redshiftRefusedType(type);
  if (refused) throw new Error(refused);
  switch (type.kind) {
    case "text":
    case "json":
      return WIDEST_TEXT;
    case "uuid":
      return "char(36)";
    default:
      return postgresDdlType(type);
  }
}
