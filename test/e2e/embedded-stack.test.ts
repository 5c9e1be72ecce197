import { afterAll, describe, expect, it } from "vitest";
import { Workspace } from "../support/pulumi-workspace";

describe("the embedded-default stack (DuckDB, no server)", () => {
  const stack = new Workspace(".");
  afterAll(() => stack.dispose());

  it("comes up, previews no changes, refreshes clean and destroys", async () => {
    await stack.initStack("dev", {});

    const up = await stack.ok(["up", "--yes"]);

    expect(up.output).toContain("warehouse: connected (DuckDB");
    const outputs = await stack.outputs();
    expect(outputs.indexingStatus).toBe("INDEXED");
    expect(String(outputs.serverVersion)).toMatch(/^DuckDB v1\./);
    expect(outputs.attributes).toEqual({ dialectName: "duckdb", canPersist: true, canStream: true });

    await stack.ok(["preview", "--expect-no-changes"]);
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
    await stack.ok(["destroy", "--yes"]);
    expect((await stack.stackExport()).resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
  });
});
