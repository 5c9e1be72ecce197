import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * Mistakes a user can make with a secret, one per `case` (stack config). The secret is a
 * password pasted into the program (`source: literal`, the default) or a stack secret
 * (`source: secret`, config `canary` set with --secret). Each must fail `pulumi preview`
 * without the secret in any output or in state. `as never` stands for a program in plain
 * JavaScript, which no type checker guards.
 */
const config = new pulumi.Config();
const PASTED = "canary-7f3a9e21c4d0-b5";
const secret: pulumi.Input<string> = config.get("source") === "secret" ? config.requireSecret("canary") : PASTED;
const memory = { path: ":memory:" };

switch (config.require("case")) {
  case "configuration":
    new dataplane.Connection("misplaced", { type: "duckdb", configuration: { ...memory, password: secret } as never });
    break;
  case "credentialsKey":
    new dataplane.Connection("misplaced", {
      type: "postgres",
      configuration: { user: "app", port: 1 },
      credentials: { pasword: secret } as never,
    });
    break;
  case "credentialsString":
    new dataplane.Connection("misplaced", { type: "postgres", configuration: { user: "app", port: 1 }, credentials: secret as never });
    break;
  case "topLevel":
    new dataplane.Connection("misplaced", { type: "duckdb", configuration: memory, password: secret } as never);
    break;
  case "jobPath": {
    const connection = new dataplane.Connection("memory", { type: "duckdb", configuration: memory });
    // The secret as a name, in a path of three names (no DuckDB form).
    new dataplane.JobGroup("misplaced", {
      connection,
      steps: [{ name: "result", sql: "select 1 as one" }],
      output: { path: [secret, "x", "y"] },
    });
    break;
  }
  case "publicationTable": {
    const connection = new dataplane.Connection("memory", { type: "duckdb", configuration: memory });
    const source = new dataplane.JobGroup("source", { connection, steps: [{ name: "result", sql: "select 1 as one" }] });
    new dataplane.Publication("misplaced", { source, connection, path: ["main"], table: secret, action: "createAndLoad" });
    break;
  }
  default:
    throw new Error("unknown case");
}
