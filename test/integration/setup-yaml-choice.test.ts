import { spawnSync } from "node:child_process";
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/pulumi-workspace";

/**
 * `scripts/setup.sh yaml` puts the Pulumi YAML language host beside the CLI the pulumi part chose:
 * the user's own pulumi-language-yaml when it runs, else ours (built once per version into the
 * cache, first on PATH through scripts/env.sh); beside a CLI set-up built, a link to ours. Each
 * case runs the real script with a fresh cache (holding our build, or not) and no Go, so a
 * build attempt fails at once, naming what it needed.
 */
const CACHE = process.env.DATAPLANE_CACHE_DIR ?? join(process.env.HOME ?? "/root", ".cache/pulumi-dataplane");
const YAML_VERSION = process.env.DATAPLANE_PULUMI_YAML_VERSION ?? "1.25.0";
const PULUMI_VERSION = process.env.DATAPLANE_PULUMI_VERSION ?? "3.274.1";

function which(name: string): string {
  const found = spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`no ${name} on PATH: run scripts/setup.sh and source scripts/env.sh`);
  return realpathSync(found);
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function temporary(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A user's pulumi install: hard links to the suite's CLI and Node plugins, and the given YAML host. */
function userInstall(yamlHost: "real" | "broken" | "none"): string {
  const bin = temporary("dataplane-user-pulumi-");
  const pulumiFolder = dirname(which("pulumi"));
  for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"])
    linkSync(join(pulumiFolder, name), join(bin, name));
  if (yamlHost === "real") linkSync(which("pulumi-language-yaml"), join(bin, "pulumi-language-yaml"));
  if (yamlHost === "broken") writeFileSync(join(bin, "pulumi-language-yaml"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
  return bin;
}

/** A fresh cache, holding our built YAML host (as set-up caches it) when asked. */
function freshCache(withOurYamlHost: boolean): string {
  const cache = temporary("dataplane-cache-");
  mkdirSync(join(cache, "pulumi-home"));
  if (withOurYamlHost) {
    const folder = join(cache, `pulumi-yaml-v${YAML_VERSION}`);
    mkdirSync(join(folder, "bin"), { recursive: true });
    linkSync(which("pulumi-language-yaml"), join(folder, "bin/pulumi-language-yaml"));
    writeFileSync(join(folder, ".yaml-stamp"), `pulumi-yaml v${YAML_VERSION}\n`);
  }
  return cache;
}

function setUp(cache: string, path: string, extra: Record<string, string> = {}): { code: number; output: string; found: string } {
  const result = spawnSync(
    "bash",
    ["-c", "bash scripts/setup.sh pulumi yaml && source scripts/env.sh && command -v pulumi-language-yaml"],
    {
      cwd: REPOSITORY_ROOT,
      env: { HOME: process.env.HOME ?? "/root", PATH: path, DATAPLANE_CACHE_DIR: cache, DATAPLANE_GO: "/nonexistent/go", ...extra },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}`, found: result.stdout.trim().split("\n").at(-1) ?? "" };
}

describe("scripts/setup.sh yaml: the YAML language host beside the CLI set-up chose", () => {
  it("beside the user's pulumi, uses the user's pulumi-language-yaml that runs and builds nothing", () => {
    const bin = userInstall("real");
    const cache = freshCache(false);
    const run = setUp(cache, `${bin}:/usr/bin:/bin`);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`using the installed pulumi-language-yaml (${join(bin, "pulumi-language-yaml")})`);
    expect(run.output).not.toMatch(/building/);
    expect(run.found).toBe(join(bin, "pulumi-language-yaml"));
    expect(readFileSync(join(cache, "pulumi-yaml-source"), "utf8").trim()).toBe("installed");
  });

  it("when the user's pulumi-language-yaml does not run, says so and puts ours first on PATH", () => {
    const bin = userInstall("broken");
    const cache = freshCache(true);
    const run = setUp(cache, `${bin}:/usr/bin:/bin`);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`${join(bin, "pulumi-language-yaml")} does not run`);
    expect(run.found).toBe(join(cache, `pulumi-yaml-v${YAML_VERSION}/bin/pulumi-language-yaml`));
    expect(readFileSync(join(cache, "pulumi-yaml-source"), "utf8").trim()).toBe("built");
  });

  it("when the user has none and ours is not built, builds it (here: fails at once, naming Go)", () => {
    const run = setUp(freshCache(false), `${userInstall("none")}:/usr/bin:/bin`);
    expect(run.output).toMatch(/no pulumi-language-yaml that runs beside .*pulumi or on PATH: our own v\d+\.\d+\.\d+ instead/);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("DATAPLANE_GO=/nonexistent/go is not an executable Go");
  });

  // Where the suite runs on a CLI set-up built (not on the user's own).
  const builtBin = join(CACHE, `pulumi-v${PULUMI_VERSION}/bin`);
  it.skipIf(!existsSync(join(dirname(builtBin), ".cli-stamp")))(
    "beside a CLI set-up built, links ours into its bin folder (first on PATH)",
    () => {
      const cache = freshCache(true);
      // Our CLI as set-up leaves it: its bin folder and stamps, hard links to the suite's build.
      const target = join(cache, `pulumi-v${PULUMI_VERSION}`);
      mkdirSync(join(target, "bin"), { recursive: true });
      for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"])
        linkSync(join(builtBin, name), join(target, "bin", name));
      for (const stamp of [".cli-stamp", ".langhost-stamp"]) cpSync(join(dirname(builtBin), stamp), join(target, stamp));
      const run = setUp(cache, "/usr/bin:/bin", { DATAPLANE_PULUMI_BUILD: "1" });
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toMatch(/building/);
      expect(run.found).toBe(join(target, "bin/pulumi-language-yaml"));
      expect(readFileSync(join(target, ".yaml-stamp"), "utf8").trim()).toBe(`pulumi-yaml v${YAML_VERSION}`);
    },
  );
});
