import type { z } from "zod";
import { noCredentials, passwordCredentials } from "../core/configuration-fields";
import { pathShapeFailure, type PathShape } from "../core/path-shape";
import { isUnknown, unknownPaths } from "../core/unknown-values";
import type { CheckFailure } from "../core/validation";
import { bigqueryConfiguration, bigqueryCredentials, bigqueryPathShape } from "./bigquery/config";
import { duckdbConfiguration, duckdbPathShape } from "./duckdb/config";
import { mysqlConfiguration, mysqlPathShape } from "./mysql/config";
import { postgresConfiguration, postgresPathShape } from "./postgres/config";
import { redshiftConfiguration, redshiftPathShape } from "./redshift/config";
import { snowflakeConfiguration, snowflakeCredentials, snowflakePathShape } from "./snowflake/config";
import { trinoConfiguration, trinoCredentials, trinoPathShape } from "./trino/config";
import type { VendorType } from "./registry";

/**
 * Each vendor's configuration and credentials schemas, and the shape of its table paths (no
 * driver imported here). The Connection schema turns this record into a union discriminated
 * by `type`; JobGroup and Publication checks judge paths by `pathShape`.
 */
export const vendorSchemas = {
  postgres: { configuration: postgresConfiguration, credentials: passwordCredentials, pathShape: postgresPathShape },
  redshift: { configuration: redshiftConfiguration, credentials: passwordCredentials, pathShape: redshiftPathShape },
  mysql: { configuration: mysqlConfiguration, credentials: passwordCredentials, pathShape: mysqlPathShape },
  duckdb: { configuration: duckdbConfiguration, credentials: noCredentials, pathShape: duckdbPathShape },
  snowflake: { configuration: snowflakeConfiguration, credentials: snowflakeCredentials, pathShape: snowflakePathShape },
  bigquery: { configuration: bigqueryConfiguration, credentials: bigqueryCredentials, pathShape: bigqueryPathShape },
  trino: { configuration: trinoConfiguration, credentials: trinoCredentials, pathShape: trinoPathShape },
} satisfies Record<VendorType, { configuration: z.ZodType; credentials: z.ZodType; pathShape: PathShape<any> }>;

/** The failure of a path that does not fit the connection's vendor, if it does not. */
export function checkPathShape(connection: { type: VendorType; configuration: unknown }, path: readonly string[], property: string): CheckFailure | undefined {
  const shape = vendorSchemas[connection.type].pathShape as PathShape<unknown>;
  return pathShapeFailure(shape, connection.type, path, connection.configuration, property);
}

/**
 * The same judgement on inputs a check deferred (some value unknown at preview): the length
 * whenever the vendor and the path are known, the vendor's further rules only once its
 * configuration is known too.
 */
export function checkPathShapeOfCandidate(connection: unknown, path: unknown, property: string): CheckFailure | undefined {
  if (connection === null || typeof connection !== "object") return undefined;
  const { type, configuration } = connection as { type?: unknown; configuration?: unknown };
  if (typeof type !== "string" || !Object.hasOwn(vendorSchemas, type)) return undefined;
  if (!Array.isArray(path) || path.some((part) => typeof part !== "string" || isUnknown(part))) return undefined;
  const vendor = vendorSchemas[type as VendorType];
  const parsed = unknownPaths(configuration).length === 0 ? vendor.configuration.safeParse(configuration) : undefined;
  const shape: PathShape<unknown> = parsed?.success ? (vendor.pathShape as PathShape<unknown>) : { forms: vendor.pathShape.forms };
  return pathShapeFailure(shape, type, path as string[], parsed?.data, property);
}
