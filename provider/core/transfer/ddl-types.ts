import type { ColumnType } from "../columns";
import type { VendorType } from "../../vendors/registry";
import { postgresDdlType, postgresNativeType } from "../../vendors/postgres/types";
import { mysqlDdlType, mysqlNativeType } from "../../vendors/mysql/types";
import { duckdbColumnType, duckdbDdlType } from "../../vendors/duckdb/types";
import { bigqueryDdlType, bigqueryNativeType } from "../../vendors/bigquery/types";
import { trinoDdlType, trinoNativeType } from "../../vendors/trino/types";
import { snowflakeDdlType, snowflakeNativeType } from "../../vendors/snowflake/types";

/** Synchronous (columnDdlType is), and driver-free: each types.ts imports no driver. */
export const ddlTypes: Record<VendorType, (type: ColumnType) => string> = {
  postgres: postgresDdlType,
  redshift: postgresDdlType,
  mysql: mysqlDdlType,
  duckdb: duckdbDdlType,
  bigquery: bigqueryDdlType,
  trino: trinoDdlType,
  snowflake: snowflakeDdlType,
};

/** A native type name as the vendor reports it (format_type, column_type, data_type) → canonical. */
export const nativeTypes: Record<VendorType, (nativeType: string) => ColumnType> = {
  postgres: postgresNativeType,
  redshift: postgresNativeType,
  mysql: mysqlNativeType,
  duckdb: duckdbColumnType,
  bigquery: bigqueryNativeType,
  trino: trinoNativeType,
  snowflake: snowflakeNativeType,
};
