import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "./pulumi-workspace";

/**
 * The compiled package (dist/) as a program using it loads it, rebuilt only when something tsc
 * reads is newer than the last build. The stamp is the one scripts/setup.sh writes after its
 * build, so a suite started by scripts/test.sh compiles nothing again, and a source edited since
 * still reaches the tests that load dist/ (a full build takes about 30 s).
 */
const STAMP = join(REPOSITORY_ROOT, "dist", ".dataplane-build-stamp");
const INPUTS = ["sdk", "provider", "package.json", "tsconfig.json", "tsconfig.build.json"];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Whether dist/ is older than any file it is built from. */
export function buildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestChange(join(REPOSITORY_ROOT, input)) > built);
}

/** Builds dist/ when it is stale; returns the path of a compiled module under dist/. */
export function builtModule(relativePath: string): string {
  if (buildIsStale()) {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPOSITORY_ROOT, stdio: "inherit" });
    mkdirSync(join(REPOSITORY_ROOT, "dist"), { recursive: true });
    writeFileSync(STAMP, "");
  }
  return join(REPOSITORY_ROOT, "dist", relativePath);
}
