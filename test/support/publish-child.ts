/**
 * Runs one publication in a process of its own, so a test can kill the provider mid-load
 * the way a cancelled CI job or an OOM kill would. Inputs arrive as JSON on argv[2].
 */
import * as publication from "../../provider/resources/publication";

publication
  .create(JSON.parse(process.argv[2]) as Record<string, unknown>)
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`child failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
