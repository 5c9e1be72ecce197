import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `bash scripts/gen-sdk.sh` (npm run build:sdks) generates the dataplane package's SDKs for
 * Node.js, Python, Go and .NET from the provider plugin's schema with pulumi's own code
 * generators (tools/gen-sdk). No Python, Go or .NET language host is served here, so no program
 * in those languages runs: this proves what can be proven without them. The Node.js SDK compiles
 * with tsc against @pulumi/pulumi; the Python package installs with pip into a fresh venv and
 * imports; the Go SDK builds against github.com/pulumi/pulumi/sdk/v3; the C# files are generated
 * (no .NET SDK on this machine), not compiled. Nothing is skipped: a missing tool fails the test.
 */

const ROOT = resolve(__dirname, "../..");
/** The Python SDK's runtime dependency, pinned: the newest release PyPI serves here (3.274.1, the CLI's, is not yet on it). */
const PYTHON_PULUMI = "pulumi==3.272.0";
const PYTHON_BUILD_TOOLS = ["setuptools==80.9.0", "wheel==0.45.1"];
/** The Go SDK of the generator's own release (tools/gen-sdk/go.mod: pkg/v3 and sdk/v3 v3.274.1). */
const GO_SDK = `github.com/pulumi/pulumi/sdk/v3 ${goModVersion("github.com/pulumi/pulumi/sdk/v3")}`;
const RESOURCES = ["Connection", "JobGroup", "Publication"];

function goModVersion(module: string): string {
  const line = readFileSync(join(ROOT, "tools/gen-sdk/go.mod"), "utf8")
    .split("\n")
    .find((text) => text.trim().startsWith(`${module} `));
  if (!line) throw new Error(`tools/gen-sdk/go.mod requires no ${module}`);
  return line.trim().split(/\s+/)[1];
}

/** Runs a command to completion; throws with its output when it fails (or is missing). Returns stdout and the seconds it took. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): { stdout: string; seconds: number } {
  const started = Date.now();
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.error || result.status !== 0) {
    const reason = result.error ? String(result.error) : `exit status ${result.status}`;
    throw new Error(`${command} ${args.join(" ")} failed (${reason}) in ${options.cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[generated-sdks] ${command} ${args.slice(0, 3).join(" ")}: ${seconds.toFixed(1)} s`);
  return { stdout: result.stdout, seconds };
}

/** `name` on PATH, else `fallback` when it exists; fails loudly, saying what is missing. */
function tool(name: string, fallback?: string): string {
  const found = spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  if (fallback && existsSync(fallback)) return fallback;
  throw new Error(`${name} is not on PATH: the generated-SDK test needs it`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the SDKs generated for every language (scripts/gen-sdk.sh)", () => {
  let work: string;
  let out: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "dataplane-generated-sdks-"));
    out = join(work, "sdks");
    // The script, as npm run build:sdks runs it (dist/ is built by the global set-up), into a
    // folder of this test's own: a cold tool build takes minutes, a cached one a second.
    run("bash", [join(ROOT, "scripts/gen-sdk.sh"), out], { cwd: ROOT });
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("writes the schema and one SDK per language, each with the three resources", () => {
    const schema = JSON.parse(readFileSync(join(out, "schema.json"), "utf8"));
    expect(schema.version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(Object.keys(schema.resources).sort()).toEqual(RESOURCES.map((name) => `dataplane:index:${name}`));
    for (const name of RESOURCES) {
      const lower = name[0].toLowerCase() + name.slice(1);
      const snake = name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
      expect(existsSync(join(out, "nodejs", `${lower}.ts`)), `nodejs/${lower}.ts`).toBe(true);
      expect(existsSync(join(out, "python/pulumi_dataplane", `${snake}.py`)), `python/pulumi_dataplane/${snake}.py`).toBe(true);
      expect(existsSync(join(out, "go/dataplane", `${lower}.go`)), `go/dataplane/${lower}.go`).toBe(true);
    }
  });

  it("nodejs: the generated package compiles with tsc against @pulumi/pulumi, and loads", () => {
    const dir = join(work, "nodejs");
    cpSync(join(out, "nodejs"), dir, { recursive: true });
    // @pulumi/pulumi, @types/node and typescript from the repository's node_modules.
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "tsconfig.check.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { outDir: "bin" } }));
    run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.check.json"], { cwd: dir });
    // The package is published from bin/ with its package.json beside the code (utilities.ts reads
    // ./package.json for the version), as providers' builds copy it there after tsc.
    cpSync(join(dir, "package.json"), join(dir, "bin/package.json"));
    const loaded = run(
      process.execPath,
      ["-e", `const sdk = require("./bin"); console.log(JSON.stringify(${JSON.stringify(RESOURCES)}.map((n) => typeof sdk[n])))`],
      { cwd: dir },
    );
    expect(JSON.parse(loaded.stdout)).toEqual(RESOURCES.map(() => "function"));
  }, 300_000);

  it(`python: the generated package installs with pip (beside ${PYTHON_PULUMI}) into a fresh venv and imports`, () => {
    const python3 = tool("python3");
    const venv = join(work, "venv");
    run(python3, ["-m", "venv", venv], { cwd: work });
    const pip = join(venv, "bin/pip");
    const env = { PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1" };
    run(pip, ["install", "--quiet", PYTHON_PULUMI, ...PYTHON_BUILD_TOOLS], { cwd: work, env });
    // No build isolation: the pinned setuptools builds it, nothing unpinned is fetched for that.
    run(pip, ["install", "--quiet", "--no-build-isolation", join(out, "python")], { cwd: work, env });
    const imported = run(
      join(venv, "bin/python"),
      [
        "-c",
        "import importlib.metadata, pulumi_dataplane; " +
          `print(importlib.metadata.version("pulumi_dataplane"), *[getattr(pulumi_dataplane, n).__name__ for n in ${JSON.stringify(RESOURCES)}])`,
      ],
      { cwd: work },
    );
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(imported.stdout.trim()).toBe([version, ...RESOURCES].join(" "));
  }, 600_000);

  it("go: the generated SDK builds (go build ./... against github.com/pulumi/pulumi/sdk/v3)", () => {
    const go = tool("go", "/usr/local/go/bin/go");
    const module = join(work, "go");
    mkdirSync(module);
    cpSync(join(out, "go/dataplane"), join(module, "dataplane"), { recursive: true });
    const goVersion = goModVersion("go").replace(/^v/, "");
    writeFileSync(
      join(module, "go.mod"),
      `module github.com/pulumi-dataplane/pulumi-dataplane/sdk/go\n\ngo ${goVersion}\n\nrequire ${GO_SDK}\n`,
    );
    run(go, ["mod", "tidy"], { cwd: module, env: { GOFLAGS: "-mod=mod" } });
    run(go, ["build", "./..."], { cwd: module });
    run(go, ["vet", "./..."], { cwd: module });
  }, 900_000);

  it("dotnet: the C# files are generated and name the three resources (not compiled: no .NET SDK here)", () => {
    const files = filesUnder(join(out, "dotnet"));
    expect(files.some((file) => file.endsWith(".csproj"))).toBe(true);
    for (const name of RESOURCES) {
      const file = join(out, "dotnet", `${name}.cs`);
      expect(existsSync(file), `dotnet/${name}.cs`).toBe(true);
      const source = readFileSync(file, "utf8");
      expect(source).toContain(`public partial class ${name} : global::Pulumi.CustomResource`);
      expect(source).toContain(`[DataplaneResourceType("dataplane:index:${name}")]`);
    }
  });
});
