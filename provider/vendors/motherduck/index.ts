import { defineVendor, type Dialect } from "../../core/vendor-contract";
import { duckdbVendor } from "../duckdb";
import { motherduckConfiguration, motherduckCredentials, motherduckPathShape } from "./config";

/**
 * DuckDB's SQL, without its in-process writer queue: other machines write a MotherDuck
 * database too, so this process's queue would not keep writers apart (as on servers without locks).
 */
const { writerLocks: _inProcessOnly, ...motherduckDialect }: Dialect = duckdbVendor.dialect;

/**
 * MotherDuck, DuckDB's hosted service, reached through the DuckDB engine in this process: the
 * DuckDB dialect and column types, a `md:` database, and a token as its one credential.
 */
export const motherduckVendor = defineVendor({
  dialectName: "motherduck",
  configuration: motherduckConfiguration,
  credentials: motherduckCredentials,
  pathShape: motherduckPathShape,
  dialect: motherduckDialect,
  columnTypes: duckdbVendor.columnTypes,
  // A cancel interrupts the statement in this process; that the service stopped it too cannot be seen from here.
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: false },
  failureHints: {
    authentication: "check credentials.token: a valid MotherDuck access token of the account that holds configuration.database",
    databaseMissing: "check configuration.database names a MotherDuck database of the token's account",
    privilegeMissing:
      "set configuration.readOnly to false where the connection must write, and check the token's account may write configuration.database",
  },
  defaultJobPath: () => ["dataplane"],
  load: async () => (await import("./runtime")).motherduckRuntime,
});
