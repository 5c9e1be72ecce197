import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgres } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withPostgres } from "./support/databases";
import { createPostgresOrders, sampleOrders } from "./support/orders";
import { postgresStackConfig, stackConfig } from "./support/stack-config";

interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
}

/** The planned operations of a `pulumi preview --json`, without the stack's name. */
function plannedChanges(json: string): string[] {
  const steps = (JSON.parse(json) as { steps?: PreviewStep[] }).steps ?? [];
  return steps
    .filter((step) => step.op !== "same")
    .map((step) => `${step.op} ${step.urn.split("::").slice(2).join("::")} ${[...(step.diffReasons ?? [])].sort().join(",")}`)
    .sort();
}

describe("examples/promotion: one program, dev and prod stacks", () => {
  const workspace = new Workspace("examples/promotion");
  const sourceName = uniqueName("e2e_promoted_orders");
  const databases = { dev: postgres.database, prod: "dataplane_target" };

  beforeAll(async () => {
    for (const database of Object.values(databases)) await createPostgresOrders(sampleOrders(60), database, sourceName);
    for (const [stack, database] of Object.entries(databases)) {
      await workspace.initStack(stack, ...stackConfig(postgresStackConfig({ database }), { sourceTable: `public.${sourceName}` }));
    }
  });

  afterAll(async () => {
    for (const stack of Object.keys(databases)) {
      await workspace.run(["stack", "select", stack]);
      await workspace.run(["destroy", "--yes"]);
    }
    workspace.dispose();
    for (const database of Object.values(databases)) {
      await withPostgres((client) => client.query(`drop table if exists public.${sourceName}`), database);
    }
  });

  it("brings both stacks up from their own configuration, secrets encrypted", async () => {
    for (const stack of Object.keys(databases)) {
      await workspace.ok(["stack", "select", stack]);
      await workspace.ok(["up", "--yes"]);
      expect(readFileSync(join(workspace.directory, `Pulumi.${stack}.yaml`), "utf8")).not.toContain(postgres.password);
      expect((await workspace.outputs()).reportRows).toBe(17);
    }
  });

  it("shows the same diff in both previews for a promoted change", async () => {
    const program = join(workspace.directory, "index.ts");
    writeFileSync(
      program,
      readFileSync(program, "utf8").replace("sum(amount) as revenue", "sum(amount) as revenue, max(amount) as largest"),
    );

    const previews: Record<string, string[]> = {};
    for (const stack of Object.keys(databases)) {
      await workspace.ok(["stack", "select", stack]);
      previews[stack] = plannedChanges((await workspace.ok(["preview", "--json"])).stdout);
    }

    expect(previews.dev.length).toBeGreaterThan(0);
    expect(previews.dev.join("\n")).toContain("daily-summary");
    expect(previews.prod).toEqual(previews.dev);
  });
});
