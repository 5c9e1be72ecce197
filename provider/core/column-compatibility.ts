import { describeColumnType, type ColumnKind, type ColumnType } from "./columns";

/** Kinds each source kind may be loaded into without losing values. Text takes anything. */
const WIDENS_TO: Record<ColumnKind, readonly ColumnKind[]> = {
  boolean: ["boolean", "smallint", "integer", "bigint"],
  smallint: ["smallint", "integer", "bigint", "numeric", "real", "double"],
  integer: ["integer", "bigint", "numeric", "double"],
  bigint: ["bigint", "numeric"],
  numeric: ["numeric"],
  real: ["real", "double"],
  double: ["double"],
  text: ["text", "json"],
  date: ["date", "timestamp", "timestamptz"],
  time: ["time"],
  timestamp: ["timestamp", "timestamptz"],
  timestamptz: ["timestamptz", "timestamp"],
  json: ["json"],
  binary: ["binary"],
  uuid: ["uuid"],
};

/**
 * Why a source column cannot be loaded into a target column, or undefined when it can.
 * A numeric must fit: as many digits before the point, at least as many after it.
 */
export function incompatibility(source: ColumnType, target: ColumnType): string | undefined {
  const fits =
    target.kind === "text" ||
    (WIDENS_TO[source.kind].includes(target.kind) &&
      (source.kind !== "numeric" || target.kind !== "numeric" || numericFits(source, target)));
  return fits ? undefined : `source ${describeColumnType(source)} does not fit target ${describeColumnType(target)}`;
}

function numericFits(source: Extract<ColumnType, { kind: "numeric" }>, target: Extract<ColumnType, { kind: "numeric" }>): boolean {
  if (target.precision === undefined) return true;
  if (source.precision === undefined) return false;
  const sourceScale = source.scale ?? 0;
  const targetScale = target.scale ?? 0;
  return targetScale >= sourceScale && target.precision - targetScale >= source.precision - sourceScale;
}
