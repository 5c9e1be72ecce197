import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "../support/pulumi-workspace";
import {
  createPostgresDatabase,
  createPostgresLogin,
  dropPostgresDatabase,
  dropPostgresLogin,
  uniqueName,
  withPostgres,
  type TestLogin,
} from "./support/databases";
import { postgresStackConfig, stackConfig } from "./support/stack-config";

/**
 * Defect 9 of issue 8: rotating the password re-ran every job and re-published every
 * publication on the connection. A credential is not part of what they compute.
 */
/** A value from `stack export --show-secrets`: a secret is an envelope holding its JSON text. */
function revealed(value: any): any {
  return value && typeof value === "object" && "plaintext" in value ? JSON.parse(value.plaintext) : value;
}

describe("examples/password-rotation with the real pulumi CLI", () => {
  const stack = new Workspace("examples/password-rotation");
  let login: TestLogin;
  let database: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    login = await createPostgresLogin(database);
    await stack.initStack(
      "dev",
      ...stackConfig(postgresStackConfig({ database, login }), { resultTable: uniqueName("numbers"), reportTable: uniqueName("report") }),
    );
    await stack.ok(["up", "--yes"]);
  });

  afterAll(async () => {
    await stack.run(["destroy", "--yes"]);
    stack.dispose();
    await dropPostgresDatabase(database);
    await dropPostgresLogin(login);
  });

  it("updates the connection in place and runs nothing downstream, also through up --refresh", async () => {
    const before = await stack.outputs();
    const connectionBefore = await stack.resourceOutputs("warehouse");
    const rotated = `rotated-${login.password}`;
    await withPostgres((client) => client.query(`alter role ${login.user} password '${rotated}'`));
    await stack.setConfig("pgPassword", rotated, true);

    // Refresh reads with the credentials in state, which the database now refuses: it keeps the state.
    const up = await stack.ok(["up", "--yes", "--refresh"]);

    const after = await stack.outputs();
    expect(after.runId).toBe(before.runId);
    expect(after.publishedRunId).toBe(before.publishedRunId);
    expect(up.output).not.toMatch(/rows in public\.|published \d/);
    const connectionAfter = await stack.resourceOutputs("warehouse");
    expect(connectionAfter.connectionId).toBe(connectionBefore.connectionId);
    expect(connectionAfter.status).toBe("OK");
    // Every resource holds the new password (secret in state), so the next run logs in with it.
    const plain = JSON.parse((await stack.ok(["stack", "export", "--show-secrets"])).stdout) as {
      deployment: { resources: Array<{ urn: string; outputs?: Record<string, any> }> };
    };
    const passwords = plain.deployment.resources
      .filter((resource) => /::(warehouse|daily-numbers|numbers-report)$/.test(resource.urn))
      .map((resource) => revealed(resource.outputs?.credentials ?? resource.outputs?.connection?.credentials)?.password);
    expect(passwords).toEqual([rotated, rotated, rotated]);
    expect((await stack.stackExport()).text).not.toContain(rotated);
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
  });
});
