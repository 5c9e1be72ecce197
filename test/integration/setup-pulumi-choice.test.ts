import { spawnSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/pulumi-workspace";

/**
 * `scripts/setup.sh pulumi` uses a `pulumi` the user installed (at or above the minimum, with its
 * Node language host) as is, and builds nothing; otherwise it says why and builds its own. Each
 * case runs the real script with an empty cache and a PATH that holds only the "installed" CLI.
 */
/** The folder of the CLI this suite runs (built by set-up or the user's own). */
function realPulumiFolder(): string {
  const found = spawnSync("bash", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("no pulumi on PATH: run scripts/setup.sh and source scripts/env.sh");
  return dirname(realpathSync(found));
}
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function userInstall(files: Record<string, string | "real">): string {
  const realFolder = realPulumiFolder();
  const bin = mkdtempSync(join(tmpdir(), "dataplane-user-pulumi-"));
  folders.push(bin);
  for (const [name, content] of Object.entries(files)) {
    // A hard link, not a symlink: set-up follows symlinks to the folder a CLI really lives in.
    if (content === "real") linkSync(join(realFolder, name), join(bin, name));
    else writeFileSync(join(bin, name), content, { mode: 0o755 });
  }
  return bin;
}

function setUp(userBin: string): { code: number; output: string; cache: string; pathAfter: string } {
  const cache = mkdtempSync(join(tmpdir(), "dataplane-cache-"));
  folders.push(cache);
  mkdirSync(join(cache, "pulumi-home"));
  const environment = {
    HOME: process.env.HOME ?? "/root",
    PATH: `${userBin}:/usr/bin:/bin`,
    DATAPLANE_CACHE_DIR: cache,
    // No Go here: a build attempt fails at once, naming what it needed.
    DATAPLANE_GO: "/nonexistent/go",
  };
  const result = spawnSync("bash", ["-c", "bash scripts/setup.sh pulumi && source scripts/env.sh && command -v pulumi"], {
    cwd: REPOSITORY_ROOT,
    env: environment,
    encoding: "utf8",
    timeout: 60_000,
  });
  return {
    code: result.status ?? -1,
    output: `${result.stdout}${result.stderr}`,
    cache,
    pathAfter: result.stdout.trim().split("\n").at(-1) ?? "",
  };
}

describe("scripts/setup.sh pulumi: the CLI the user has, or one of our own", () => {
  it("uses an installed pulumi at or above the minimum as is and builds nothing", () => {
    const bin = userInstall({ pulumi: "real", "pulumi-language-nodejs": "real", "pulumi-resource-pulumi-nodejs": "real" });
    const run = setUp(bin);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/using the installed pulumi v3\.\d+\.\d+/);
    expect(run.output).not.toMatch(/building/);
    expect(run.pathAfter).toBe(join(bin, "pulumi"));
    expect(readFileSync(join(run.cache, "pulumi-source"), "utf8").trim()).toBe("installed");
  });

  it("builds its own when the installed pulumi is older than the minimum, saying so", () => {
    const bin = userInstall({
      pulumi: "#!/bin/sh\necho v3.100.0\n",
      "pulumi-language-nodejs": "#!/bin/sh\n",
      "pulumi-resource-pulumi-nodejs": "#!/bin/sh\n",
    });
    const run = setUp(bin);
    expect(run.output).toMatch(/pulumi is v3\.100\.0, older than 3\.248\.0: building the CLI v3\.\d+\.\d+ instead/);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("DATAPLANE_GO=/nonexistent/go is not an executable Go");
  });

  it("builds its own when the installed pulumi has no Node language host", () => {
    const bin = userInstall({ pulumi: "real" });
    const run = setUp(bin);
    expect(run.output).toMatch(/has no pulumi-language-nodejs beside it or on PATH: building/);
    expect(run.code).not.toBe(0);
  });
  it("says why it builds its own when the installed pulumi's `pulumi version` fails", () => {
    const bin = userInstall({
      pulumi: "#!/bin/sh\nexit 3\n",
      "pulumi-language-nodejs": "#!/bin/sh\n",
      "pulumi-resource-pulumi-nodejs": "#!/bin/sh\n",
    });
    const run = setUp(bin);
    expect(run.output).toMatch(/pulumi does not run \(`pulumi version` failed\): building the CLI v3\.\d+\.\d+ instead/);
    expect(run.code).not.toBe(0);
  });

  it("reads the version line only: an old CLI behind a wrapper that prints other lines first is still old", () => {
    const bin = userInstall({
      pulumi: "#!/bin/sh\necho 'a wrapper says hello'\necho v3.100.0\n",
      "pulumi-language-nodejs": "#!/bin/sh\n",
      "pulumi-resource-pulumi-nodejs": "#!/bin/sh\n",
    });
    const run = setUp(bin);
    expect(run.output).toMatch(/pulumi is v3\.100\.0, older than 3\.248\.0: building/);
    expect(run.code).not.toBe(0);
  });

  it("counts a pre-release of the minimum as older than it, and a later pre-release or a bare version as new enough", () => {
    const plugins = { "pulumi-language-nodejs": "#!/bin/sh\n", "pulumi-resource-pulumi-nodejs": "#!/bin/sh\n" };
    const prerelease = setUp(userInstall({ pulumi: "#!/bin/sh\necho v3.248.0-alpha.1\n", ...plugins }));
    expect(prerelease.output).toMatch(/pulumi is v3\.248\.0-alpha\.1, older than 3\.248\.0: building/);
    expect(prerelease.code).not.toBe(0);
    for (const version of ["v3.275.0-alpha.x", "3.274.1", "v3.248.0"]) {
      const run = setUp(userInstall({ pulumi: `#!/bin/sh\necho ${version}\n`, ...plugins }));
      expect(run.output).toContain(`using the installed pulumi ${version}`);
      expect(run.code, run.output).toBe(0);
    }
  });
});
