import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "../support/pulumi-workspace";

/**
 * `bash scripts/setup.sh yaml` makes the Pulumi YAML language host (pulumi-language-yaml) available
 * beside the CLI, so a program with `runtime: yaml` runs with the real `pulumi` CLI and a file
 * backend, as a user would run it.
 */
/** Fails at once, saying what to run, when neither PATH nor the CLI's folder holds the host. */
function requireYamlLanguageHost(): void {
  const lookup = (name: string): string => spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  const pulumi = lookup("pulumi");
  const beside = pulumi ? join(dirname(realpathSync(pulumi)), "pulumi-language-yaml") : "";
  if (!lookup("pulumi-language-yaml") && !(beside && existsSync(beside))) {
    throw new Error("no pulumi-language-yaml on PATH or beside pulumi: run `bash scripts/setup.sh yaml` and `source scripts/env.sh`");
  }
}

describe("a Pulumi YAML program (test/e2e/programs/yaml-greeting: runtime yaml, one output)", () => {
  const stack = new Workspace("test/e2e/programs/yaml-greeting");

  beforeAll(async () => {
    requireYamlLanguageHost();
    await stack.initStack("dev", {});
  });
  afterAll(() => stack.dispose());

  it("pulumi up runs it through pulumi-language-yaml and stores its output", async () => {
    const up = await stack.ok(["up", "--yes"]);
    expect(up.output).toMatch(/greeting\s*: "hello"/);
    expect(await stack.outputs()).toEqual({ greeting: "hello" });
    const { resources } = await stack.stackExport();
    expect(resources.map((resource) => resource.urn)).toContain("urn:pulumi:dev::t::pulumi:pulumi:Stack::t-dev");
  }, 120_000);
});
