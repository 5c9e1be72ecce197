import type { z } from "zod";
import { noCredentials, passwordCredentials } from "../core/configuration-fields";
import { bigqueryConfiguration, bigqueryCredentials } from "./bigquery/config";
import { duckdbConfiguration } from "./duckdb/config";
import { mysqlConfiguration } from "./mysql/config";
import { postgresConfiguration } from "./postgres/config";
import { redshiftConfiguration } from "./redshift/config";
import { snowflakeConfiguration, snowflakeCredentials } from "./snowflake/config";
import { trinoConfiguration, trinoCredentials } from "./trino/config";
import type { VendorType } from "./registry";

/**
 * Each vendor's configuration and credentials schemas (no driver imported here). The
 * Connection schema turns this record into a union discriminated by `type`.
 */
export const vendorSchemas = {
  postgres: { configuration: postgresConfiguration, credentials: passwordCredentials },
  redshift: { configuration: redshiftConfiguration, credentials: passwordCredentials },
  mysql: { configuration: mysqlConfiguration, credentials: passwordCredentials },
  duckdb: { configuration: duckdbConfiguration, credentials: noCredentials },
  snowflake: { configuration: snowflakeConfiguration, credentials: snowflakeCredentials },
  bigquery: { configuration: bigqueryConfiguration, credentials: bigqueryCredentials },
  trino: { configuration: trinoConfiguration, credentials: trinoCredentials },
} satisfies Record<VendorType, { configuration: z.ZodType; credentials: z.ZodType }>;
