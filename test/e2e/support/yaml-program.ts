import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPOSITORY_ROOT, type Workspace } from "../../support/pulumi-workspace";

/**
 * A YAML example names the repository's plugin folder relatively (`path: ../../bin`); in the
 * workspace's temporary copy that path is made absolute, so the CLI starts this very plugin.
 */
export function pointAtRepositoryPlugin(stack: Workspace): void {
  const file = join(stack.directory, "Pulumi.yaml");
  const text = readFileSync(file, "utf8");
  if (!text.includes("path: ../../bin")) throw new Error(`${file} names no plugin folder ../../bin`);
  writeFileSync(file, text.replace("path: ../../bin", `path: ${join(REPOSITORY_ROOT, "bin")}`));
}

/** The embedded example reads the orders CSV the repository ships, relative to the program. */
export function copyData(stack: Workspace): void {
  cpSync(join(REPOSITORY_ROOT, "data"), join(stack.directory, "data"), { recursive: true });
}
