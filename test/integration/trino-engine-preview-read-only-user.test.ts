import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import {
  checkFailures,
  engineInputs,
  mariadbConnection,
  mariadbRows,
  mariadbTables,
  references,
  removeJob,
  runJob,
  type SourceJob,
  requireTrino,
} from "./trino-engine-support";

/**
 * README: a Trino-moved publication keeps each action's guarantees, and a publication's
 * "Preview proves the target reachable, the privileges held, the action fitting what exists".
 *
 * A hostile user names, as the engine's connection, a Trino user who may only read (the suite's
 * Trino grants users named denied_* SELECT alone). Preview passes; `up` then fails in Trino with
 * "Access Denied: Cannot insert". That failure keeps the target as it was and leaves no staging
 * table (this holds); preview not naming the missing privilege is the break.
 */
const schema = uniqueName("hx_mover_ro");
const readOnlyUser = `denied_${uniqueName("hx_mover")}`;
let source: SourceJob;

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
  source = await runJob(references.postgres, schema, "source_rows", "select 1::integer as id, 'one'::text as label");
}, 120_000);

afterAll(async () => {
  await removeJob(source);
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

function properties(table: string, action: string): Record<string, unknown> {
  return engineInputs({
    name: `hostile-${table}`,
    source: source.source,
    connection: mariadbConnection("maria-target"),
    schema,
    table,
    action,
    engineUser: readOnlyUser,
    sourceCatalog: "postgresql",
    targetCatalog: "mysql",
  });
}

describe("an engine connection whose Trino user may not insert", () => {
  it("fails preview naming the engine's connection", async () => {
    // Fails today: check passes, and only up meets "Access Denied: Cannot insert into table".
    expect(await checkFailures(properties("read_only_create", "create"))).toMatch(/engine\.connection/);
  }, 60_000);

  it("fails up leaving the target as it was and no staging table", async () => {
    const table = "read_only_load";
    await withMysql(async (connection) => {
      await connection.query(`create table \`${schema}\`.${table} (id integer, label varchar(10))`);
      await connection.query(`insert into \`${schema}\`.${table} values (9, 'kept')`);
    });
    const before = await mariadbRows(schema, table);
    const inputs = (await publication.check({}, properties(table, "truncateAndLoad"))).inputs;
    await expect(publication.create(inputs)).rejects.toThrow(/Access Denied.*the target table is as it was before/s);
    const after = await mariadbRows(schema, table);
    expect(after.checksum).toBe(before.checksum);
    expect((await mariadbTables(schema)).filter((name) => name !== table)).toEqual([]);
  }, 60_000);
});
