import { builtModule } from "./built-package";

/**
 * Vitest global setup: brings dist/ up to date once, before any test file starts. Files of
 * every project run side by side, and the Pulumi programs of e2e and promises load the package
 * from dist/ without asking for a build: one build here means no file reads a half-written
 * dist/ and no two files run tsc at once.
 */
export default function setup(): void {
  builtModule("sdk/index.js");
}
