import type { ColumnType } from "../../core/columns";
import { postgresDdlType } from "../postgres/types";

/** Redshift's widest VARCHAR: its TEXT is VARCHAR(256), which would cut longer values. */
const WIDEST_TEXT = "varchar(65535)";

/**
 * Why a column of this kind cannot be published into Redshift, naming the fix; undefined when it
 * can. Binary values have no load path here (Redshift's VARBYTE reads no canonical `\x` text), and
 * a NUMERIC without precision would become Redshift's NUMERIC(18,0), dropping every decimal.
 */
export function redshiftRefusedType(type: ColumnType): string | undefined {
  if (type.kind === "binary")
    return "Redshift cannot load binary values here: encode the column as text in the job's SQL (for example encode(column, 'hex'))";
  if (type.kind === "numeric" && type.precision === undefined) {
    return "a NUMERIC without precision would become Redshift's NUMERIC(18,0) and lose its decimals: cast the column to numeric(p,s) in the job's SQL";
  }
  if (type.kind === "numeric" && (type.precision ?? 0) > 38)
    return "Redshift's NUMERIC holds at most 38 digits: cast the column to numeric(38,s) or double precision in the job's SQL";
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
