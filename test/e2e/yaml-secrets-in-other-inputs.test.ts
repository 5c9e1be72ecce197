import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, Workspace } from "../support/pulumi-workspace";

/*
 * Secrets a Pulumi YAML program passes outside `credentials`: a secret runParameter and a step
 * whose SQL is secret. Neither may reach state in plain text (a profiled result's min and max
 * are the parameter's value) nor the CLI's output through a database error quoting it. The
 * engine scrubs secret config values from what it prints, so the secrets here are fn::secret
 * literals, which it does not know.
 */

const CONFIG_TOKEN = "HostileConfigToken-7f3a9";
const PARAMETER_SECRET = "HostileParameterSecret-q7";
const SQL_SECRET = "HostileSqlSecret-w3";

function program(resources: string): string {
  return `name: dataplane-yaml-secrets
runtime: yaml
plugins:
  providers:
    - name: dataplane
      path: ${join(REPOSITORY_ROOT, "bin")}
config:
  token: { type: string, secret: true }
resources:
  warehouse:
    type: dataplane:Connection
    properties:
      type: duckdb
      configuration: { path: warehouse.duckdb }
      excludeAllTables: true
  profiled:
    type: dataplane:JobGroup
    properties:
      connection: \${warehouse.reference}
      steps:
        - name: tokens
          sql: select :token as token, 'plain' as label
      runParameters:
        token: \${token}
      overrides: { profiler: true }
${resources}`;
}

describe("secrets in a job's runParameters and SQL, through the package", () => {
  const stack = new Workspace("examples/yaml-embedded");

  beforeAll(async () => {
    writeFileSync(join(stack.directory, "Pulumi.yaml"), program(""));
    await stack.initStack("dev", {}, { token: CONFIG_TOKEN });
  });

  afterAll(() => stack.dispose());

  it("a profiled result of a secret runParameter keeps the profile secret in state", async () => {
    const up = await stack.ok(["up", "--yes"]);
    expect(up.output).not.toContain(CONFIG_TOKEN);
    const { text } = await stack.stackExport();
    expect(text).not.toContain(CONFIG_TOKEN);
    // The profile is there, sealed: the plain column's profile is inside the ciphertext too.
    expect(text).not.toContain('"plain"');
    expect(JSON.stringify(await stack.resourceOutputs("profiled"))).toMatch(
      /"profile":\{"[0-9a-f]{32}":"1b47061264138c4ac30d75fd1eb44270"/,
    );
  }, 300_000);

  it("a database error quoting a secret runParameter or a literal of secret SQL prints neither", async () => {
    writeFileSync(
      join(stack.directory, "Pulumi.yaml"),
      program(`  secret-parameter:
    type: dataplane:JobGroup
    properties:
      connection: \${warehouse.reference}
      steps:
        - name: parameter
          sql: select cast(:value as integer) as n
      runParameters:
        value:
          fn::secret: ${PARAMETER_SECRET}
  secret-sql:
    type: dataplane:JobGroup
    properties:
      connection: \${warehouse.reference}
      steps:
        - name: literal
          sql:
            fn::secret: select cast('${SQL_SECRET}' as integer) as n
`),
    );
    // DuckDB describes a result step at preview without evaluating it: up runs it and fails.
    const up = await stack.run(["up", "--yes"]);
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("Could not convert string");
    expect(up.output).not.toContain(PARAMETER_SECRET);
    expect(up.output).not.toContain(SQL_SECRET);
    const { text } = await stack.stackExport();
    expect(text).not.toContain(PARAMETER_SECRET);
    expect(text).not.toContain(SQL_SECRET);
  }, 300_000);
});
