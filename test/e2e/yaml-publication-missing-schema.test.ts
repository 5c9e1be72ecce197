import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, postgres } from "../support/services";
import { REPOSITORY_ROOT, Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";

/*
 * A publication into a schema (on MySQL a database) that does not exist. A publication creates
 * its table, never the schema, so up fails on it ("Unknown database"); preview, which proves the
 * target ready, must fail the same way instead of a green preview (MariaDB: the user's global
 * CREATE right passed the privilege test) or a privilege that is not missing (Postgres).
 */
describe("a publication whose path names a missing schema", () => {
  const stack = new Workspace("examples/yaml-postgres-to-mariadb");
  const missingDatabase = uniqueName("yaml_missing_db");
  const missingSchema = uniqueName("yaml_missing_schema");

  beforeAll(async () => {
    writeFileSync(
      join(stack.directory, "Pulumi.yaml"),
      `name: dataplane-yaml-missing-schema
runtime: yaml
plugins:
  providers:
    - name: dataplane
      path: ${join(REPOSITORY_ROOT, "bin")}
config:
  pgPassword: { type: string, secret: true }
  mysqlPassword: { type: string, secret: true }
resources:
  orders-db:
    type: dataplane:Connection
    properties:
      type: postgres
      configuration: { host: ${postgres.host}, port: ${postgres.port}, database: ${postgres.database}, user: ${postgres.user} }
      credentials: { password: "\${pgPassword}" }
      excludeAllTables: true
  shop-db:
    type: dataplane:Connection
    properties:
      type: mysql
      configuration: { host: ${mysql.host}, port: ${mysql.port}, database: ${mysql.database}, user: ${mysql.user} }
      credentials: { password: "\${mysqlPassword}" }
      excludeAllTables: true
  numbers:
    type: dataplane:JobGroup
    properties:
      connection: \${orders-db.reference}
      steps:
        - name: numbers
          sql: select 1 as n
  into-missing-database:
    type: dataplane:Publication
    properties:
      source: \${numbers.reference}
      connection: \${shop-db.reference}
      path: [${missingDatabase}]
      table: numbers
      action: createAndLoad
  into-missing-schema:
    type: dataplane:Publication
    properties:
      source: \${numbers.reference}
      connection: \${orders-db.reference}
      path: [${missingSchema}]
      table: numbers
      action: createAndLoad
`,
    );
    await stack.initStack("dev", {}, { pgPassword: postgres.password, mysqlPassword: mysql.password });
    // The job's result exists, so the publications' preview checks run against live targets.
    const urn = (type: string, name: string) => `urn:pulumi:dev::dataplane-yaml-missing-schema::dataplane:index:${type}::${name}`;
    await stack.ok([
      "up",
      "--yes",
      ...["--target", urn("Connection", "orders-db"), "--target", urn("Connection", "shop-db"), "--target", urn("JobGroup", "numbers")],
    ]);
  });

  afterAll(async () => {
    await stack.run(["destroy", "--yes"]);
    stack.dispose();
    await withMysql((connection) => connection.query(`drop database if exists \`${missingDatabase}\``));
    await withPostgres((client) => client.query(`drop schema if exists ${missingSchema} cascade`));
  });

  it("fails preview naming the missing schema, on MariaDB and on Postgres, and creates nothing", async () => {
    // A preview stops at its first failure: one publication at a time.
    for (const [name, schema] of [
      ["into-missing-database", missingDatabase],
      ["into-missing-schema", missingSchema],
    ]) {
      const preview = await stack.run([
        "preview",
        "--target",
        `urn:pulumi:dev::dataplane-yaml-missing-schema::dataplane:index:Publication::${name}`,
      ]);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(new RegExp(`${name}.*the schema ${schema} does not exist`));
      expect(preview.output).not.toContain("privilege missing");
    }
    const [databases] = await withMysql((connection) => connection.query("show databases like ?", [missingDatabase]));
    expect(databases).toEqual([]);
    const schemas = await withPostgres((client) => client.query("select 1 from pg_namespace where nspname = $1", [missingSchema]));
    expect(schemas.rows).toEqual([]);
  }, 300_000);
});
