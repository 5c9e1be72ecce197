import { builtModule } from "./built-package";

/**
 * Node arguments that run one publication in a process of its own, so a test can kill the
 * provider mid-load the way a cancelled CI job or an OOM kill would. The child loads the
 * compiled provider (dist/, which the global setup brings up to date before any file runs), as
 * the Pulumi engine's provider process does: under ts-node every child spent about 2 s of CPU
 * compiling the sources before its first row.
 */
export function publishChildArguments(inputs: Record<string, unknown>): string[] {
  const script = `require(process.argv[1])
  .create(JSON.parse(process.argv[2]))
  .then(() => process.exit(0))
  .catch((error) => {
    process.stderr.write("child failed: " + (error instanceof Error ? error.message : String(error)) + "\\n");
    process.exit(1);
  });`;
  return ["-e", script, builtModule("provider/resources/publication.js"), JSON.stringify(inputs)];
}
